package io.spotkube.constructs;

import io.spotkube.catalog.InstanceType;
import io.spotkube.catalog.NodeAllocatable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The kubelet flags a node group's instances boot with, written to {@code /etc/default/kubelet}
 * ({@code KUBELET_EXTRA_ARGS}, which the kubeadm packages' kubelet unit reads). Reservations use
 * the same formulas as the node-template tags, so the autoscaler's template and the real node agree.
 * A {@link NodeBootstrap} gets these and passes {@link #flags()} to the kubelet its own way.
 */
public record KubeletSettings(Map<String, String> labels, List<NodeTaint> taints, int maxPods, InstanceType smallestType) {

  static final String ENVIRONMENT_FILE = "/etc/default/kubelet";

  String extraArgs() {
    return String.join(" ", flags());
  }

  /** The kubelet's command-line flags: labels it may set itself, taints, pod limit, reservations, eviction. */
  public List<String> flags() {
    List<String> args = new ArrayList<>();
    Map<String, String> settable = LabelRules.selfSettable(labels);
    if (!settable.isEmpty()) {
      args.add("--node-labels=" + settable.entrySet().stream()
          .map(entry -> entry.getKey() + "=" + entry.getValue())
          .collect(Collectors.joining(",")));
    }
    if (!taints.isEmpty()) {
      args.add("--register-with-taints=" + taints.stream().map(NodeTaint::toKubeletFlag).collect(Collectors.joining(",")));
    }
    args.add("--max-pods=" + maxPods);
    args.add("--kube-reserved=cpu=" + NodeAllocatable.kubeReservedCpuMillis(smallestType.vcpus()) + "m,memory="
        + NodeAllocatable.kubeReservedMemoryMib(maxPods) + "Mi");
    args.add("--eviction-hard=memory.available<" + NodeAllocatable.EVICTION_HARD_MIB + "Mi,nodefs.available<10%");
    return List.copyOf(args);
  }

  /** Shell commands that write the environment file; quoting keeps label values literal. */
  List<String> userDataCommands() {
    return List.of(
        "install -d -m 0755 /etc/default",
        "cat > " + ENVIRONMENT_FILE + " <<'SPOTKUBE_KUBELET'",
        "KUBELET_EXTRA_ARGS=\"" + extraArgs() + "\"",
        "SPOTKUBE_KUBELET");
  }
}
