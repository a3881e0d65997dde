package io.spotkube.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fabric8 mock server's CRUD dispatcher plus the {@code pods/eviction} subresource it lacks,
 * answered the way the API server does: 429 when a PodDisruptionBudget in the store selecting the
 * pod has {@code status.disruptionsAllowed} 0 or the test made the pod refuse eviction
 * ({@link #refuseEviction}), else the pod is deleted (201), 404 when there is no such pod. Everything
 * else is plain CRUD.
 */
public final class EvictingCrudDispatcher extends KubernetesCrudDispatcher {

  private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction.*");
  private final ObjectMapper mapper = new ObjectMapper();
  private final AtomicInteger evictions = new AtomicInteger();
  private final AtomicInteger blocked = new AtomicInteger();
  /** PodDisruptionBudgets created minus deleted through this server. */
  private final AtomicInteger budgets = new AtomicInteger();
  private final Set<String> refusing = ConcurrentHashMap.newKeySet();
  private final Set<String> evicted = ConcurrentHashMap.newKeySet();

  /** Answers 429 to every eviction of {@code namespace/pod}, as an unsatisfiable budget would. */
  public void refuseEviction(String namespace, String pod) {
    refusing.add(namespace + "/" + pod);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Matcher eviction = EVICTION.matcher(request.getPath());
    if (!"POST".equals(request.getMethod()) || !eviction.matches()) {
      MockResponse response = super.dispatch(request);
      countBudgets(request, response);
      return response;
    }
    String namespace = eviction.group(1);
    String key = namespace + "/" + eviction.group(2);
    if (refusing.contains(key)) {
      blocked.incrementAndGet();
      return tooManyRequests();
    }
    String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + eviction.group(2);
    if (budgets.get() == 0) {
      // No budget anywhere: skip reading the pod (every read scans the whole store; it matters with 10,000 pods).
      MockResponse deleted = handleDelete(podPath);
      if (deleted.code() >= 300) {
        return status(404, "NotFound", "pods \"" + eviction.group(2) + "\" not found");
      }
      evictions.incrementAndGet();
      evicted.add(key);
      return status(201, "Success", "");
    }
    MockResponse pod = handleGet(podPath);
    if (pod.code() != 200) {
      return status(404, "NotFound", "pods \"" + eviction.group(2) + "\" not found");
    }
    if (blockedByBudget(namespace, read(pod))) {
      blocked.incrementAndGet();
      return tooManyRequests();
    }
    evictions.incrementAndGet();
    evicted.add(key);
    handleDelete(podPath);
    return status(201, "Success", "");
  }

  private void countBudgets(RecordedRequest request, MockResponse response) {
    if (request.getPath().contains("/poddisruptionbudgets") && response.code() < 300) {
      if ("POST".equals(request.getMethod())) {
        budgets.incrementAndGet();
      } else if ("DELETE".equals(request.getMethod())) {
        budgets.decrementAndGet();
      }
    }
  }

  /** Evictions that deleted a pod. */
  public int evictions() {
    return evictions.get();
  }

  /** Evictions answered 429. */
  public int blocked() {
    return blocked.get();
  }

  /** The pods evicted so far, as {@code namespace/name}. */
  public Set<String> evicted() {
    return Set.copyOf(evicted);
  }

  private boolean blockedByBudget(String namespace, JsonNode pod) {
    MockResponse budgets = handleGet("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets");
    if (budgets.code() != 200) {
      return false;
    }
    JsonNode labels = pod.path("metadata").path("labels");
    for (JsonNode budget : read(budgets).path("items")) {
      if (budget.path("status").path("disruptionsAllowed").asInt(1) > 0) {
        continue;
      }
      if (selects(budget.path("spec").path("selector").path("matchLabels"), labels)) {
        return true;
      }
    }
    return false;
  }

  private static boolean selects(JsonNode matchLabels, JsonNode labels) {
    Iterator<Map.Entry<String, JsonNode>> fields = matchLabels.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().asText().equals(labels.path(field.getKey()).asText(null))) {
        return false;
      }
    }
    return true;
  }

  private JsonNode read(MockResponse response) {
    try {
      return mapper.readTree(response.getBody().readUtf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse tooManyRequests() {
    return status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
  }

  private static MockResponse status(int code, String reason, String message) {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"" + (code < 300 ? "Success" : "Failure")
        + "\",\"reason\":\"" + reason + "\",\"message\":\"" + message + "\",\"code\":" + code + "}";
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }
}
