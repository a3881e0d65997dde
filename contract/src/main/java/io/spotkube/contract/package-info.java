/**
 * What the constructs write and the runtime reads, in one place both depend on: the
 * cluster-autoscaler discovery tags, the scale-from-zero node-template tags (encoder and decoder),
 * the termination handler's managed tag, the Kubernetes cloud provider's cluster tag, the kOps
 * labels, the flag names the constructs put into the runtime's Deployment, and Go's duration text.
 *
 * <p>No dependencies, so the constructs do not pull in the runtime's AWS SDK and Kubernetes
 * client, nor the runtime the CDK. The round trip (synthesized tags read back by the runtime,
 * written flags accepted by {@code run}) is tested in the {@code test} module.
 */
package io.spotkube.contract;
