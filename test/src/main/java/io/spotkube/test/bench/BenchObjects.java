package io.spotkube.test.bench;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * The Nodes and Pods the benchmarks create, shaped like a kOps cluster's so that what the runtime
 * caches per object is realistic: labels and provider IDs as kOps and the cloud controller write
 * them, pods with requests, probes, env and volumes (the API server adds the service-account token
 * volume, default tolerations and managed fields; kwok adds the status).
 */
final class BenchObjects {

  static final String APP_NAMESPACE = "bench";
  static final String SYSTEM_NAMESPACE = "kube-system";

  /**
   * One node: its name and private IP (the instance's private DNS name and address, as the cloud
   * controller names it and the kubelet reports it), the instance behind it and its group.
   */
  record NodeSpec(String name, String privateIp, String instanceId, String zone, String group, String instanceType,
      String lifecycle) {

    String providerId() {
      return "aws:///" + zone + "/" + instanceId;
    }
  }

  private BenchObjects() {
  }

  /** An m5.large-sized node (2 vCPU, 8 GiB) less kubelet reservations, as kOps sizes allocatable. */
  static Node node(NodeSpec spec) {
    Map<String, String> labels = Map.ofEntries(
        Map.entry("kubernetes.io/hostname", spec.name()), Map.entry("kubernetes.io/os", "linux"),
        Map.entry("kubernetes.io/arch", "amd64"), Map.entry("node.kubernetes.io/instance-type", spec.instanceType()),
        Map.entry("topology.kubernetes.io/zone", spec.zone()), Map.entry("topology.kubernetes.io/region",
            RuntimeProcess.REGION), Map.entry("kops.k8s.io/instancegroup", spec.group()),
        Map.entry("kops.k8s.io/lifecycle", spec.lifecycle()), Map.entry("node-role.kubernetes.io/node", ""),
        Map.entry("type", "kwok"));
    return new NodeBuilder().withNewMetadata().withName(spec.name()).withLabels(labels)
        .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
        .addToAnnotations("kwok.x-k8s.io/node", "fake").endMetadata()
        .withNewSpec().withProviderID(spec.providerId()).endSpec()
        .withNewStatus()
        // kwok keeps addresses a Node already has; the runtime checks InternalIP against EC2's private IP.
        .addNewAddress().withType("InternalIP").withAddress(spec.privateIp()).endAddress()
        .addNewAddress().withType("Hostname").withAddress(spec.name()).endAddress()
        .addToCapacity(Map.of("cpu", new Quantity("2"), "memory", new Quantity("7934Mi"), "pods", new Quantity("110"),
            "ephemeral-storage", new Quantity("128Gi")))
        .addToAllocatable(Map.of("cpu", new Quantity("1930m"), "memory", new Quantity("7134Mi"),
            "pods", new Quantity("110"), "ephemeral-storage", new Quantity("118Gi")))
        .withNewNodeInfo().withArchitecture("amd64").withOperatingSystem("linux").withKubeletVersion("v1.33.1")
        .withContainerRuntimeVersion("containerd://1.7.27").withKernelVersion("6.8.0-1029-aws")
        .withOsImage("Ubuntu 24.04.2 LTS")
        .endNodeInfo()
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .endStatus().build();
  }

  /** An application pod of Deployment {@code app}: 200m cpu, so 8 of them fill a node to ~88% with the DaemonSets. */
  static Pod appPod(String name, String node, String app) {
    String hash = Integer.toHexString(app.hashCode() & 0xfffffff);
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(APP_NAMESPACE)
        .addToLabels("app", app).addToLabels("pod-template-hash", hash).addToLabels("app.kubernetes.io/part-of", "bench")
        .addToAnnotations("prometheus.io/scrape", "true").addToAnnotations("prometheus.io/port", "8080")
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(app + "-" + hash)
        .withUid("00000000-0000-4000-8000-" + String.format("%012x", app.hashCode() & 0xffffffffL))
        .withController(true).withBlockOwnerDeletion(true).endOwnerReference().endMetadata()
        .withNewSpec().withNodeName(node).withTerminationGracePeriodSeconds(30L)
        .addNewToleration().withKey("spot").withOperator("Equal").withValue("true").withEffect("NoSchedule")
        .endToleration()
        .addNewContainer().withName("app").withImage("public.ecr.aws/nginx/nginx:1.27")
        .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort()
        .addNewEnv().withName("APP_NAME").withValue(app).endEnv()
        .addNewEnv().withName("LOG_LEVEL").withValue("info").endEnv()
        .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
        .endFieldRef().endValueFrom().endEnv()
        .withNewResources().addToRequests("cpu", new Quantity("200m")).addToRequests("memory", new Quantity("256Mi"))
        .addToLimits("memory", new Quantity("256Mi")).endResources()
        .withNewReadinessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("http")).endHttpGet()
        .withPeriodSeconds(10).endReadinessProbe()
        .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("http")).endHttpGet()
        .withPeriodSeconds(20).withFailureThreshold(3).endLivenessProbe()
        .addNewVolumeMount().withName("config").withMountPath("/etc/app").withReadOnly(true).endVolumeMount()
        .endContainer()
        .addNewVolume().withName("config").withNewConfigMap().withName(app + "-config").endConfigMap().endVolume()
        .endSpec().build();
  }

  /** A DaemonSet's pod on {@code node} (kube-proxy-like: system-node-critical, tolerates everything). */
  static Pod daemonSetPod(String name, String node, String daemonSet) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(SYSTEM_NAMESPACE)
        .addToLabels("k8s-app", daemonSet).addToLabels("controller-revision-hash", "6f9c8d7b5")
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet").withName(daemonSet)
        .withUid("00000000-0000-4000-9000-" + String.format("%012x", daemonSet.hashCode() & 0xffffffffL))
        .withController(true).withBlockOwnerDeletion(true).endOwnerReference().endMetadata()
        .withNewSpec().withNodeName(node).withPriorityClassName("system-node-critical")
        .addNewToleration().withOperator("Exists").endToleration()
        .addNewContainer().withName(daemonSet).withImage("registry.k8s.io/" + daemonSet + ":v1.33.1")
        .withCommand("/usr/local/bin/" + daemonSet, "--v=2")
        .withNewResources().addToRequests("cpu", new Quantity("50m")).addToRequests("memory", new Quantity("64Mi"))
        .endResources()
        .withNewSecurityContext().withRunAsUser(0L).withReadOnlyRootFilesystem(true).endSecurityContext()
        .addNewVolumeMount().withName("lib-modules").withMountPath("/lib/modules").withReadOnly(true).endVolumeMount()
        .endContainer()
        .addNewVolume().withName("lib-modules").withNewHostPath().withPath("/lib/modules").endHostPath().endVolume()
        .endSpec().build();
  }
}
