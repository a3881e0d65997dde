package io.spotkube.runtime.draining.handler;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a templated JSON body per action to WEBHOOK_URL. Placeholders are written as in the upstream
 * handler's Go templates, {@code {{ .NodeName }}}, and are replaced by JSON-escaped values. Sent
 * asynchronously; a failure is logged and counted, never fails the drain.
 */
public final class WebhookNotifier implements Notifier {

  public static final String DEFAULT_TEMPLATE = "{\"text\":\"[spotkube] {{ .Kind }} on node {{ .NodeName }} "
      + "(instance {{ .InstanceID }}, event {{ .EventID }}): {{ .Action }} -> {{ .Result }}\"}";
  private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*\\.?([A-Za-z]+)\\s*}}");

  private final URI url;
  private final String template;
  private final HttpClient http;
  private final Runnable onFailure;

  public WebhookNotifier(URI url, String template, Runnable onFailure) {
    this.url = url;
    this.template = template == null || template.isBlank() ? DEFAULT_TEMPLATE : template;
    this.onFailure = onFailure;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The body for these fields: pure, for tests and docs. */
  public static String render(String template, Map<String, String> fields) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = fields.getOrDefault(matcher.group(1), "");
      matcher.appendReplacement(out, Matcher.quoteReplacement(jsonEscape(value)));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  @Override
  public void notify(Map<String, String> fields) {
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(render(template, fields)))
        .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
      if (failure != null || response.statusCode() >= 300) {
        onFailure.run();
        LOG.warn("webhook {} failed: {}", url, failure != null ? failure.getMessage() : "HTTP " + response.statusCode());
      }
    });
  }

  private static String jsonEscape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
