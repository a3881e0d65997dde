package io.spotkube.runtime.bench;

import io.spotkube.runtime.testing.ElasticMq;
import io.spotkube.runtime.testing.KubernetesTestServer;
import java.io.IOException;

/**
 * The benchmark's servers in their own JVM (so the handler's heap is measured alone): ElasticMQ and,
 * unless the argument {@code sqs-only} is given (a real API server is used), the Kubernetes mock
 * server. Prints {@code sqs=URL k8s=URL} and runs until its stdin closes.
 */
public final class BenchServers {

  private BenchServers() {
  }

  public static void main(String[] args) throws IOException {
    boolean sqsOnly = args.length > 0 && args[0].equals("sqs-only");
    try (ElasticMq sqs = ElasticMq.start(); KubernetesTestServer k8s = sqsOnly ? null : KubernetesTestServer.start()) {
      System.out.println("sqs=" + sqs.endpoint() + " k8s=" + (k8s == null ? "-" : k8s.client().getMasterUrl()));
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the benchmark closes our stdin (or dies)
      }
    }
  }
}
