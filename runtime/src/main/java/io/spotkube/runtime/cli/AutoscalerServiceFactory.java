package io.spotkube.runtime.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.spotkube.runtime.adapters.aws.AwsClients;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.ImminentNodeLoss;
import io.spotkube.runtime.scaling.controller.AutoscalerService;
import io.spotkube.runtime.scaling.controller.AutoscalerSettings;
import io.spotkube.runtime.scaling.controller.RegistryScalingMetrics;
import io.spotkube.runtime.scaling.controller.ScalingMetrics;
import io.spotkube.runtime.service.RuntimeService;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Wires the autoscaler to AWS (SDK v2) and Kubernetes (fabric8, in-cluster or kubeconfig). */
final class AutoscalerServiceFactory {

  private AutoscalerServiceFactory() {
  }

  /**
   * The autoscaler as a {@code run} service. {@code imminentLoss} is filled in at start, so the
   * draining service (created earlier) can report nodes about to be interrupted to it. Its metrics
   * are registered in {@code registry} at once, so {@code /metrics} lists them from the start.
   */
  static RuntimeService create(AutoscalerSettings settings, AwsClients aws,
      AtomicReference<ImminentNodeLoss> imminentLoss, MetricsRegistry registry) {
    ScalingMetrics metrics = new RegistryScalingMetrics(registry);
    return new RuntimeService() {
      private KubernetesClient kubernetes;
      private AutoScalingClient autoScaling;
      private Ec2Client ec2;
      private AutoscalerService service;

      @Override
      public String name() {
        return "autoscaler";
      }

      @Override
      public void start() {
        kubernetes = new KubernetesClientBuilder().build();
        autoScaling = aws.autoScaling();
        ec2 = aws.ec2();
        service = AutoscalerService.create(settings, kubernetes, autoScaling, ec2, metrics, identity());
        imminentLoss.set(service.imminentNodeLoss());
        service.start();
      }

      @Override
      public boolean ready() {
        return service != null;
      }

      @Override
      public void close() {
        if (service != null) {
          service.close();
        }
        if (kubernetes != null) {
          kubernetes.close();
        }
        if (autoScaling != null) {
          autoScaling.close();
        }
        if (ec2 != null) {
          ec2.close();
        }
      }
    };
  }

  /** The leader-election identity: the pod name (Downward API), else the host name. */
  private static String identity() {
    String pod = System.getenv("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "spotkube-runtime";
    }
  }
}
