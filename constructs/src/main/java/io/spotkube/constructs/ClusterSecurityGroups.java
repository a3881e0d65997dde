package io.spotkube.constructs;

import io.spotkube.contract.KubernetesClusterTag;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.constructs.Construct;

/**
 * The security groups of a cluster and the traffic between them, nothing from outside the
 * cluster: the API load balancer to the control plane on 6443, control plane to control plane
 * (etcd 2379-2380, everything else a kubeadm control plane talks), control plane to nodes
 * (kubelet 10250, webhooks and the overlay), nodes to the control plane (6443, kubelet, overlay),
 * nodes to nodes (the Calico VXLAN overlay, UDP 4789, and Typha 5473), and nodes (directly and
 * through the load balancer) to the runtime's node-credential server on 3988.
 */
final class ClusterSecurityGroups extends Construct {

  static final int API_PORT = 6443;
  /** The runtime's node-credential server (kops-controller's port), on the control plane's host network. */
  static final int NODE_CREDENTIAL_PORT = 3988;

  final SecurityGroup apiLoadBalancer;
  final SecurityGroup controlPlane;
  final SecurityGroup nodes;

  ClusterSecurityGroups(Construct scope, String id, IVpc vpc, String clusterName) {
    super(scope, id);
    apiLoadBalancer = group("ApiLoadBalancer", vpc, clusterName + " Kubernetes API load balancer");
    controlPlane = group("ControlPlane", vpc, clusterName + " control plane");
    nodes = group("Nodes", vpc, clusterName + " nodes");
    // aws-cloud-controller-manager opens the nodes' group to its load balancers: its IAM allows
    // that only on groups carrying the cluster tag.
    Tags.of(nodes).add(KubernetesClusterTag.key(clusterName), KubernetesClusterTag.OWNED);

    apiLoadBalancer.addIngressRule(controlPlane, Port.tcp(API_PORT), "control plane to the API (kubeadm join, kubelets)");
    apiLoadBalancer.addIngressRule(nodes, Port.tcp(API_PORT), "nodes to the API");
    controlPlane.addIngressRule(apiLoadBalancer, Port.tcp(API_PORT), "API load balancer to kube-apiserver");
    controlPlane.addIngressRule(controlPlane, Port.allTraffic(), "control plane to control plane (etcd, API, overlay)");
    controlPlane.addIngressRule(nodes, Port.tcp(API_PORT), "nodes to kube-apiserver");
    // Workers get their kubelet certificates from the runtime through the load balancer, which
    // preserves their address: both sources reach the control plane (the load balancer's health checks).
    apiLoadBalancer.addIngressRule(nodes, Port.tcp(NODE_CREDENTIAL_PORT), "nodes to the node-credential server");
    controlPlane.addIngressRule(apiLoadBalancer, Port.tcp(NODE_CREDENTIAL_PORT), "API load balancer to the node-credential server");
    controlPlane.addIngressRule(nodes, Port.tcp(NODE_CREDENTIAL_PORT), "nodes to the node-credential server");
    controlPlane.addIngressRule(nodes, Port.tcp(10250), "kubelet (metrics, logs)");
    controlPlane.addIngressRule(nodes, Port.udp(4789), "Calico VXLAN overlay");
    nodes.addIngressRule(controlPlane, Port.allTraffic(), "control plane to nodes (kubelet, webhooks, overlay)");
    nodes.addIngressRule(nodes, Port.udp(4789), "Calico VXLAN overlay");
    nodes.addIngressRule(nodes, Port.tcp(5473), "Calico Typha");
    nodes.addIngressRule(nodes, Port.tcp(10250), "kubelet");
  }

  private SecurityGroup group(String id, IVpc vpc, String description) {
    return SecurityGroup.Builder.create(this, id).vpc(vpc).description(description).allowAllOutbound(true).build();
  }

  ISecurityGroup nodes() {
    return nodes;
  }
}
