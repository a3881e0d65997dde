package io.spotkube.constructs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;

/** The one way the constructs add entries to a list in a resource's CloudFormation metadata. */
final class ResourceMetadata {

  private ResourceMetadata() {
  }

  /** Appends {@code entry} to {@code Metadata.<key>.<listKey>}, keeping what is already there, in order. */
  static void append(CfnResource resource, String key, String listKey, Map<String, Object> entry) {
    @SuppressWarnings("unchecked")
    Map<String, Object> existing = (Map<String, Object>) resource.getMetadata(key);
    Map<String, Object> metadata = existing == null ? new LinkedHashMap<>() : new LinkedHashMap<>(existing);
    @SuppressWarnings("unchecked")
    List<Object> entries = new ArrayList<>((List<Object>) metadata.getOrDefault(listKey, List.of()));
    entries.add(entry);
    metadata.put(listKey, entries);
    resource.addMetadata(key, metadata);
  }
}
