package io.spotkube.runtime.cli;

import io.spotkube.runtime.adapters.aws.AutoScalingLifecycleActions;
import io.spotkube.runtime.adapters.aws.AwsClients;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.adapters.aws.Ec2InstanceLookup;
import io.spotkube.runtime.adapters.aws.SqsInterruptionQueue;
import io.spotkube.runtime.adapters.kubernetes.Fabric8EventRecorder;
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

/** Wires the draining service to AWS (SDK v2) and to the runtime's shared cluster cache and writer. */
final class DrainingServiceFactory {

  private DrainingServiceFactory() {
  }

  static RuntimeService create(DrainingOptions options, AwsClients aws, MetricsRegistry metrics,
      DrainingListener listener, SharedCluster shared, ClusterOwnership ownership) {
    SqsClient sqs = aws.sqs();
    Ec2Client ec2 = aws.ec2();
    AutoScalingClient autoScaling = aws.autoScaling();
    Notifier notifier = options.webhookUrl() == null ? Notifier.NONE
        : new WebhookNotifier(options.webhookUrl(), options.webhookTemplate(),
            () -> metrics.counter("spotkube_draining_webhook_failures_total", "Webhook posts that failed.").inc());
    return new RuntimeService() {
      private DrainingService service;

      @Override
      public String name() {
        return "draining";
      }

      @Override
      public void start() {
        CallTimer timer = CallTimer.in(metrics);
        service = new DrainingService(options.config(),
            new SqsInterruptionQueue(sqs, options.queueUrl(), 10, options.receiveWaitSeconds(), timer),
            shared.cache(), shared.writer(),
            new Fabric8EventRecorder(shared.client(), "spotkube-draining", options.eventNamespace(), Clock.systemUTC()),
            new Ec2InstanceLookup(ec2, timer), ownership, new AutoScalingLifecycleActions(autoScaling, timer),
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
        sqs.close();
        ec2.close();
        autoScaling.close();
      }
    };
  }
}
