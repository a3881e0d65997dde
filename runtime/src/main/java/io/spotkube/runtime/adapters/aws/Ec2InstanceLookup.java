package io.spotkube.runtime.adapters.aws;

import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.ports.InstanceInfo;
import io.spotkube.runtime.ports.InstanceLookup;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/** EC2 DescribeInstances for one instance id. */
public final class Ec2InstanceLookup implements InstanceLookup {

  private final Ec2Client ec2;
  private final AwsCalls calls;

  public Ec2InstanceLookup(Ec2Client ec2) {
    this(ec2, CallTimer.NONE);
  }

  public Ec2InstanceLookup(Ec2Client ec2, CallTimer timer) {
    this.ec2 = ec2;
    this.calls = new AwsCalls(timer);
  }

  @Override
  public Optional<InstanceInfo> describe(String instanceId) {
    DescribeInstancesResponse response;
    try {
      response = calls.call("ec2.DescribeInstances", () -> "describing instance " + instanceId,
          () -> ec2.describeInstances(request -> request.instanceIds(instanceId)));
    } catch (AwsCallException e) {
      if (e.getCause() instanceof AwsServiceException service && service.awsErrorDetails() != null
          && "InvalidInstanceID.NotFound".equals(service.awsErrorDetails().errorCode())) {
        return Optional.empty();
      }
      throw e;
    }
    return response.reservations().stream()
        .flatMap(reservation -> reservation.instances().stream())
        .filter(instance -> instanceId.equals(instance.instanceId()))
        .findFirst()
        .map(Ec2InstanceLookup::toInfo);
  }

  private static InstanceInfo toInfo(Instance instance) {
    Map<String, String> tags = new HashMap<>();
    for (Tag tag : instance.tags()) {
      if (tag.key() != null) {
        tags.put(tag.key(), tag.value() == null ? "" : tag.value());
      }
    }
    return new InstanceInfo(instance.instanceId(), instance.privateDnsName(), tags,
        instance.state() == null ? null : instance.state().nameAsString());
  }
}
