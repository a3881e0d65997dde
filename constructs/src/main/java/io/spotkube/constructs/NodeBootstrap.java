package io.spotkube.constructs;

import io.spotkube.catalog.InstanceType;
import java.util.List;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.UserData;

/**
 * How a worker node joins its cluster: the one part of a node group that differs between control
 * planes. The kubeadm cluster's default writes the kubelet's flags to {@code /etc/default/kubelet}
 * and runs its join script; the EKS cluster's ({@code io.spotkube.constructs.eks}) writes a
 * {@code nodeadm} NodeConfig. Launch template, Auto Scaling groups, tags and lifecycle hooks stay
 * those of {@link DiversifiedSpotNodeGroup} and {@link OnDemandNodeGroup}.
 */
public interface NodeBootstrap {

  /**
   * The kubelet's pod limit for a group that may launch any of {@code instanceTypes}; it also sets
   * the memory reservation and the autoscaler's template.
   *
   * @param requestedMaxPods the group's {@code maxPods} prop
   */
  int maxPods(List<InstanceType> instanceTypes, int requestedMaxPods);

  /**
   * The launch template's user data.
   *
   * @param kubelet the group's labels, taints, pod limit and reservations
   * @param extra the group's {@code userData} prop, run after the node's own set-up; may be null
   */
  UserData userData(KubeletSettings kubelet, UserData extra);

  /**
   * The AMI when the group's {@code machineImage} prop is not set.
   *
   * @param architecture the instance types' architecture as EC2 names it ({@code x86_64}, {@code arm64})
   */
  IMachineImage machineImage(String architecture);

  /** The kubeadm cluster's: kubelet flags in {@code /etc/default/kubelet}, then {@code extra} (the join script). */
  static NodeBootstrap kubeadm() {
    return KubeadmNodeBootstrap.INSTANCE;
  }
}
