package io.spotkube.constructs.eks;

import io.spotkube.catalog.InstanceType;
import io.spotkube.constructs.KubeletSettings;
import io.spotkube.constructs.NodeBootstrap;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.UserData;

/**
 * Self-managed nodes on EKS: the AL2023 EKS-optimized AMI (its public SSM parameter, resolved by
 * CloudFormation at deploy time, so synth stays offline) and a {@code nodeadm} NodeConfig as MIME
 * multipart user data. The kubelet gets the same flags as on the kubeadm cluster (labels, taints,
 * pod limit, reservations); the pod limit is the VPC CNI's for the group's types.
 */
public final class EksNodeBootstrap implements NodeBootstrap {

  /** The MIME boundary; a fixed value keeps the user data, and so synth, deterministic. */
  static final String BOUNDARY = "SPOTKUBE-NODEADM";
  /** The media type nodeadm reads a NodeConfig from. */
  static final String NODE_CONFIG_MEDIA_TYPE = "application/node.eks.aws";

  private final String clusterName;
  private final String apiServerEndpoint;
  private final String certificateAuthority;
  private final String serviceIpv4Cidr;
  private final String kubernetesVersion;

  /**
   * @param kubernetesVersion minor version as EKS names it ({@code 1.33}): picks the AMI
   */
  public EksNodeBootstrap(String clusterName, String apiServerEndpoint, String certificateAuthority,
                          String serviceIpv4Cidr, String kubernetesVersion) {
    this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
    this.apiServerEndpoint = Objects.requireNonNull(apiServerEndpoint, "apiServerEndpoint");
    this.certificateAuthority = Objects.requireNonNull(certificateAuthority, "certificateAuthority");
    this.serviceIpv4Cidr = Objects.requireNonNull(serviceIpv4Cidr, "serviceIpv4Cidr");
    this.kubernetesVersion = Objects.requireNonNull(kubernetesVersion, "kubernetesVersion");
  }

  /**
   * The VPC CNI gives every pod an address of the node's network interfaces: at most
   * {@code ENIs * (IPv4 per ENI - 1) + 2} pods (m5.large: 29). The smallest of the group's types
   * (any may be launched, and the autoscaler's template must hold for all), never more than
   * {@code requestedMaxPods}. Types the catalog has no ENI data for do not count.
   */
  @Override
  public int maxPods(List<InstanceType> instanceTypes, int requestedMaxPods) {
    return instanceTypes.stream()
        .mapToInt(InstanceType::maxPodsEni)
        .filter(pods -> pods > 0)
        .map(pods -> Math.min(pods, requestedMaxPods))
        .min()
        .orElse(requestedMaxPods);
  }

  /** {@code /aws/service/eks/optimized-ami/<version>/amazon-linux-2023/<arch>/standard/recommended/image_id}. */
  @Override
  public IMachineImage machineImage(String architecture) {
    return MachineImage.fromSsmParameter(amiParameterName(kubernetesVersion, architecture));
  }

  static String amiParameterName(String kubernetesVersion, String architecture) {
    String arch = architecture.equals("arm64") ? "arm64" : "x86_64";
    return "/aws/service/eks/optimized-ami/" + kubernetesVersion + "/amazon-linux-2023/" + arch
        + "/standard/recommended/image_id";
  }

  @Override
  public UserData userData(KubeletSettings kubelet, UserData extra) {
    return UserData.custom(render(kubelet, extra == null ? null : extra.render()));
  }

  /** The MIME document: the NodeConfig, then the group's own commands as a shell script part. */
  String render(KubeletSettings kubelet, String extraScript) {
    StringBuilder mime = new StringBuilder()
        .append("MIME-Version: 1.0\n")
        .append("Content-Type: multipart/mixed; boundary=\"").append(BOUNDARY).append("\"\n\n")
        .append("--").append(BOUNDARY).append('\n')
        .append("Content-Type: ").append(NODE_CONFIG_MEDIA_TYPE).append("\n\n")
        .append(nodeConfig(kubelet)).append('\n');
    if (extraScript != null && !extraScript.isBlank()) {
      mime.append("--").append(BOUNDARY).append('\n')
          .append("Content-Type: text/x-shellscript; charset=\"us-ascii\"\n\n")
          .append(extraScript).append("\n\n");
    }
    return mime.append("--").append(BOUNDARY).append("--\n").toString();
  }

  /** The NodeConfig YAML; strings double-quoted (CloudFormation tokens resolve inside quotes). */
  String nodeConfig(KubeletSettings kubelet) {
    StringBuilder yaml = new StringBuilder()
        .append("---\n")
        .append("apiVersion: node.eks.aws/v1alpha1\n")
        .append("kind: NodeConfig\n")
        .append("spec:\n")
        .append("  cluster:\n")
        .append("    name: ").append(quoted(clusterName)).append('\n')
        .append("    apiServerEndpoint: ").append(quoted(apiServerEndpoint)).append('\n')
        .append("    certificateAuthority: ").append(quoted(certificateAuthority)).append('\n')
        .append("    cidr: ").append(quoted(serviceIpv4Cidr)).append('\n')
        .append("  kubelet:\n")
        .append("    config:\n")
        .append("      maxPods: ").append(kubelet.maxPods()).append('\n')
        .append("    flags:\n");
    for (String flag : kubelet.flags()) {
      yaml.append("      - ").append(quoted(flag)).append('\n');
    }
    return yaml.toString();
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
