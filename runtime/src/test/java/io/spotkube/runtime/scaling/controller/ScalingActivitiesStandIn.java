package io.spotkube.runtime.scaling.controller;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A small HTTP stand-in in front of moto: moto's DescribeScalingActivities always answers an empty
 * list, so this answers that action from a script (e.g. a failed Spot launch) and forwards every
 * other request to moto. It speaks the Auto Scaling query protocol (form body, XML). moto launches
 * an instance for every unit of desired capacity, where a failed Spot launch leaves none: while a
 * group has a failed activity scripted, its DescribeAutoScalingGroups answer lists no instance.
 */
final class ScalingActivitiesStandIn implements AutoCloseable {

  /** One scripted activity. */
  record Activity(String statusCode, String statusMessage, Instant startTime) {
  }

  private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding",
      "expect", "upgrade", "keep-alive");

  private final HttpServer server;
  private final URI moto;
  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<String, List<Activity>> activities = new ConcurrentHashMap<>();
  private final List<String> activityCalls = new CopyOnWriteArrayList<>();
  private volatile boolean throttling;
  private final java.util.concurrent.atomic.AtomicInteger throttled = new java.util.concurrent.atomic.AtomicInteger();

  private ScalingActivitiesStandIn(HttpServer server, URI moto) {
    this.server = server;
    this.moto = moto;
  }

  static ScalingActivitiesStandIn start(URI moto) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ScalingActivitiesStandIn standIn = new ScalingActivitiesStandIn(server, moto);
    server.createContext("/", standIn::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return standIn;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void script(String group, Activity activity) {
    activities.computeIfAbsent(group, key -> new CopyOnWriteArrayList<>()).add(0, activity);
  }

  void clear() {
    activities.clear();
    activityCalls.clear();
    throttling = false;
    throttled.set(0);
  }

  /** While on, every Auto Scaling and EC2 call is answered as AWS answers when over its rate limit. */
  void throttle(boolean on) {
    throttling = on;
  }

  /** Calls answered with a throttling error so far. */
  int throttled() {
    return throttled.get();
  }

  /** Groups asked about, in call order. */
  List<String> activityCalls() {
    return List.copyOf(activityCalls);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
      if (throttling) {
        throttled.incrementAndGet();
        boolean ec2 = !"2011-01-01".equals(form.get("Version"));
        respond(exchange, ec2 ? 503 : 400, "text/xml", ec2
            ? "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message>"
                + "</Error></Errors><RequestID>stand-in</RequestID></Response>"
            : "<ErrorResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><Error><Type>Sender</Type>"
                + "<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>stand-in</RequestId>"
                + "</ErrorResponse>");
        return;
      }
      if ("DescribeScalingActivities".equals(form.get("Action"))) {
        String group = form.getOrDefault("AutoScalingGroupName", "");
        activityCalls.add(group);
        respond(exchange, 200, "text/xml", activitiesXml(group));
        return;
      }
      forward(exchange, body, "DescribeAutoScalingGroups".equals(form.get("Action")));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private void forward(HttpExchange exchange, byte[] body, boolean groups) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().toString()))
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase())) {
        values.forEach(value -> request.header(name, value));
      }
    });
    HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    response.headers().map().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, new ArrayList<>(values));
      }
    });
    byte[] answer = groups && response.statusCode() == 200 ? withoutFailedLaunches(response.body()) : response.body();
    if (answer != response.body()) {
      exchange.getResponseHeaders().remove("x-amz-crc32"); // moto's checksum is of the body before the rewrite
    }
    exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
    if (answer.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  /** The groups' XML with the instances of groups whose launches failed taken out. */
  private byte[] withoutFailedLaunches(byte[] xml) throws IOException {
    Set<String> failed = new java.util.HashSet<>();
    activities.forEach((group, scripted) -> {
      if (scripted.stream().anyMatch(activity -> "Failed".equals(activity.statusCode()))) {
        failed.add(group);
      }
    });
    if (failed.isEmpty()) {
      return xml;
    }
    try {
      var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
      var document = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml));
      var names = document.getElementsByTagName("AutoScalingGroupName");
      for (int i = 0; i < names.getLength(); i++) {
        var name = names.item(i);
        if (!failed.contains(name.getTextContent().strip())) {
          continue;
        }
        var siblings = name.getParentNode().getChildNodes();
        for (int j = 0; j < siblings.getLength(); j++) {
          var sibling = siblings.item(j);
          if ("Instances".equals(sibling.getNodeName())) {
            while (sibling.getFirstChild() != null) {
              sibling.removeChild(sibling.getFirstChild());
            }
          }
        }
      }
      var out = new java.io.ByteArrayOutputStream();
      javax.xml.transform.TransformerFactory.newInstance().newTransformer()
          .transform(new javax.xml.transform.dom.DOMSource(document), new javax.xml.transform.stream.StreamResult(out));
      return out.toByteArray();
    } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException
        | javax.xml.transform.TransformerException e) {
      throw new IOException("rewriting DescribeAutoScalingGroups: " + e.getMessage(), e);
    }
  }

  private String activitiesXml(String group) {
    StringBuilder members = new StringBuilder();
    int i = 0;
    for (Activity activity : activities.getOrDefault(group, List.of())) {
      members.append("<member><ActivityId>activity-").append(group).append('-').append(i++).append("</ActivityId>")
          .append("<AutoScalingGroupName>").append(group).append("</AutoScalingGroupName>")
          .append("<Description>Launching a new EC2 instance.  Status Reason: ").append(escape(activity.statusMessage()))
          .append("</Description>")
          .append("<Cause>At ").append(activity.startTime()).append(" a user request update of AutoScalingGroup "
              + "constraints changed the desired capacity.</Cause>")
          .append("<StartTime>").append(activity.startTime()).append("</StartTime>")
          .append("<EndTime>").append(activity.startTime()).append("</EndTime>")
          .append("<StatusCode>").append(activity.statusCode()).append("</StatusCode>")
          .append("<StatusMessage>").append(escape(activity.statusMessage())).append("</StatusMessage>")
          .append("<Progress>100</Progress></member>");
    }
    return "<DescribeScalingActivitiesResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
        + "<DescribeScalingActivitiesResult><Activities>" + members + "</Activities></DescribeScalingActivitiesResult>"
        + "<ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata></DescribeScalingActivitiesResponse>";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void respond(HttpExchange exchange, int status, String type, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
