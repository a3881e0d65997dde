package io.spotkube.runtime.adapters.aws;

import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.ports.InstanceInfo;
import io.spotkube.runtime.ports.InstanceLookup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * EC2 DescribeInstances: one instance by id, or many in batches of {@link #BATCH} ids through the
 * {@code instance-id} filter (paginated). A filter, not {@code InstanceIds}: one unknown id in
 * {@code InstanceIds} fails the whole call with InvalidInstanceID.NotFound, while a filter simply
 * leaves it out (as cloud-provider-aws batches its lookups).
 */
public final class Ec2InstanceLookup implements InstanceLookup {

  /** Ids per call: EC2 takes at most 200 values in one filter. */
  public static final int BATCH = 200;

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
        .flatMap(reservation -> reservation.instances().stream()
            .map(instance -> toInfo(instance, reservation.ownerId())))
        .filter(instance -> instanceId.equals(instance.instanceId()))
        .findFirst();
  }

  @Override
  public Map<String, InstanceInfo> describeAll(Collection<String> instanceIds) {
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(instanceIds));
    Map<String, InstanceInfo> found = new LinkedHashMap<>();
    for (int from = 0; from < ids.size(); from += BATCH) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
      List<InstanceInfo> instances = calls.call("ec2.DescribeInstances",
          () -> "describing " + batch.size() + " instances (" + batch.get(0) + ", ...)",
          () -> ec2.describeInstancesPaginator(request -> request
              .filters(Filter.builder().name("instance-id").values(batch).build()).maxResults(1000))
              .reservations().stream().flatMap(reservation -> reservation.instances().stream()
                  .map(instance -> toInfo(instance, reservation.ownerId()))).toList());
      instances.forEach(instance -> found.put(instance.instanceId(), instance));
    }
    return found;
  }

  private static InstanceInfo toInfo(Instance instance, String ownerId) {
    Map<String, String> tags = new HashMap<>();
    for (Tag tag : instance.tags()) {
      if (tag.key() != null) {
        tags.put(tag.key(), tag.value() == null ? "" : tag.value());
      }
    }
    return new InstanceInfo(instance.instanceId(), instance.privateDnsName(), tags,
        instance.state() == null ? null : instance.state().nameAsString(), instance.privateIpAddress(), ownerId);
  }
}
