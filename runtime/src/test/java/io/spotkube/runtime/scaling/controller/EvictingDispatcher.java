package io.spotkube.runtime.scaling.controller;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fabric8 mock server's CRUD dispatcher plus the {@code pods/eviction} subresource it lacks:
 * an eviction deletes the pod (201) unless the test made the pod refuse it (429, as a
 * PodDisruptionBudget would). Everything else is plain CRUD.
 */
final class EvictingDispatcher extends KubernetesCrudDispatcher {

  private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction.*");

  private final Set<String> refusing = ConcurrentHashMap.newKeySet();
  private final Set<String> evicted = ConcurrentHashMap.newKeySet();

  void refuseEviction(String namespace, String pod) {
    refusing.add(namespace + "/" + pod);
  }

  Set<String> evicted() {
    return Set.copyOf(evicted);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Matcher eviction = EVICTION.matcher(request.getPath());
    if (!"POST".equals(request.getMethod()) || !eviction.matches()) {
      return super.dispatch(request);
    }
    String key = eviction.group(1) + "/" + eviction.group(2);
    if (refusing.contains(key)) {
      return status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
    }
    MockResponse deleted = handleDelete("/api/v1/namespaces/" + eviction.group(1) + "/pods/" + eviction.group(2));
    if (deleted.code() >= 300) {
      return status(404, "NotFound", "pods \"" + eviction.group(2) + "\" not found");
    }
    evicted.add(key);
    return status(201, "Success", "");
  }

  private static MockResponse status(int code, String reason, String message) {
    return new MockResponse().setResponseCode(code).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\""
        + (code < 300 ? "Success" : "Failure") + "\",\"reason\":\"" + reason + "\",\"message\":\"" + message
        + "\",\"code\":" + code + "}");
  }
}
