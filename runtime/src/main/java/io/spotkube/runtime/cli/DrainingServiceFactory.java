package io.spotkube.runtime.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.spotkube.runtime.adapters.aws.AutoScalingLifecycleActions;
import io.spotkube.runtime.adapters.aws.AwsClients;
import io.spotkube.runtime.adapters.aws.Ec2InstanceLookup;
import io.spotkube.runtime.adapters.aws.SqsInterruptionQueue;
import io.spotkube.runtime.adapters.kubernetes.Fabric8ClusterApi;
import io.spotkube.runtime.draining.handler.DrainingListener;
import io.spotkube.runtime.draining.handler.DrainingService;
import io.spotkube.runtime.draining.handler.Notifier;
import io.spotkube.runtime.draining.handler.WebhookNotifier;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.service.RuntimeService;
import java.time.Clock;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Wires the draining service to AWS (SDK v2) and Kubernetes (fabric8, in-cluster or kubeconfig). */
final class DrainingServiceFactory {

  private DrainingServiceFactory() {
  }

  static RuntimeService create(DrainingOptions options, AwsClients aws, MetricsRegistry metrics,
      DrainingListener listener) {
    SqsClient sqs = aws.sqs();
    Ec2Client ec2 = aws.ec2();
    AutoScalingClient autoScaling = aws.autoScaling();
    KubernetesClient kubernetes = new KubernetesClientBuilder().build();
    Notifier notifier = options.webhookUrl() == null ? Notifier.NONE
        : new WebhookNotifier(options.webhookUrl(), options.webhookTemplate(),
            () -> metrics.counter("spotkube_draining_webhook_failures_total", "Webhook posts that failed.").inc());
    return new RuntimeService() {
      private Fabric8ClusterApi cluster;
      private DrainingService service;

      @Override
      public String name() {
        return "draining";
      }

      @Override
      public void start() {
        CallTimer timer = CallTimer.in(metrics);
        cluster = Fabric8ClusterApi.start(kubernetes, Clock.systemUTC(), options.eventNamespace(), 60, timer);
        service = new DrainingService(options.config(),
            new SqsInterruptionQueue(sqs, options.queueUrl(), 10, options.receiveWaitSeconds(), timer),
            cluster, new Ec2InstanceLookup(ec2, timer), new AutoScalingLifecycleActions(autoScaling, timer),
            Clock.systemUTC(),
            metrics, notifier, listener);
        service.start();
      }

      @Override
      public boolean ready() {
        return service != null && service.ready();
      }

      @Override
      public void close() {
        if (service != null) {
          service.close();
        }
        if (cluster != null) {
          cluster.close();
        }
        kubernetes.close();
        sqs.close();
        ec2.close();
        autoScaling.close();
      }
    };
  }
}
