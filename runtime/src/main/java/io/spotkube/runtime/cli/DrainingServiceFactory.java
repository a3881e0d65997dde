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
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.ports.ClusterView;
import io.spotkube.runtime.ports.ClusterWriter;
import io.spotkube.runtime.ports.EventRecorder;
import io.spotkube.runtime.ports.InterruptionQueue;
import io.spotkube.runtime.ports.LifecycleActions;
import io.spotkube.runtime.service.RuntimeService;
import java.time.Clock;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Wires the draining service to AWS (SDK v2) and to the runtime's shared cluster cache and writer. */
final class DrainingServiceFactory {

  /** {@code --emit-kubernetes-events=false}: the handler's Events are not recorded (its logs still say it all). */
  static final EventRecorder NO_EVENTS = new EventRecorder() {
    @Override
    public void nodeEvent(String nodeName, String type, String reason, String message) {
    }

    @Override
    public void podEvent(Pod pod, String type, String reason, String message) {
    }
  };

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
        InterruptionQueue queue = new SqsInterruptionQueue(sqs, options.queueUrl(), 10, options.receiveWaitSeconds(),
            timer);
        ClusterView view = shared.cache();
        ClusterWriter writer = shared.writer();
        EventRecorder events = options.emitEvents()
            ? new Fabric8EventRecorder(shared.client(), "spotkube-draining", options.eventNamespace(), Clock.systemUTC())
            : NO_EVENTS;
        LifecycleActions lifecycle = new AutoScalingLifecycleActions(autoScaling, timer);
        if (options.dryRun()) {
          DryRun dryRun = new DryRun();
          view = dryRun.view(view);
          queue = DryRun.queue(queue);
          writer = dryRun.writer(writer);
          events = DryRun.events(events);
          lifecycle = DryRun.lifecycle(lifecycle);
        }
        service = new DrainingService(options.config(), queue, view, writer, events,
            new Ec2InstanceLookup(ec2, timer), ownership, lifecycle,
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
