package io.spotkube.runtime.adapters.aws;

import io.spotkube.runtime.nodecredential.CredentialRefusal;
import io.spotkube.runtime.nodecredential.StsToken;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.ports.CallerIdentity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Sends a node's presigned GetCallerIdentity to STS, as aws-iam-authenticator does: a GET of the signed
 * query, with {@code x-k8s-aws-id} set to the hash the runtime computed from the CSR it received. Not
 * the SDK's STS client: the request is the node's, signed by the node's credentials; the runtime only
 * relays it and reads the {@code Arn} of the XML answer.
 */
public final class StsCallerIdentity implements CallerIdentity {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI endpoint;
  private final HttpClient http;
  private final CallTimer timer;

  /** @param endpoint null: the token's own STS host over https; else every request goes there (moto) */
  public StsCallerIdentity(URI endpoint, CallTimer timer) {
    this.endpoint = endpoint;
    this.timer = timer;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public String arn(StsToken token, String csrHash) {
    URI base = endpoint != null ? endpoint : URI.create("https://" + token.host());
    URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/?" + token.rawQuery());
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET()
        .header(StsToken.CLUSTER_ID_HEADER, csrHash).build();
    HttpResponse<byte[]> response = timer.time("sts.GetCallerIdentity", () -> {
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        throw CredentialRefusal.unavailable("STS GetCallerIdentity did not answer; retry");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CredentialRefusal.unavailable("interrupted while asking STS; retry");
      }
    });
    int status = response.statusCode();
    if (status >= 500 || status == 429) {
      throw CredentialRefusal.unavailable("STS GetCallerIdentity answered " + status + "; retry");
    }
    if (status != 200) {
      // SignatureDoesNotMatch (another CSR than the token signs), expired, unknown key: STS's word is final.
      throw CredentialRefusal.refused("STS did not accept the token (" + status + " " + errorCode(response.body())
          + "): it is forged, expired, or signs another CSR");
    }
    String arn = element(response.body(), "Arn");
    if (arn == null) {
      throw CredentialRefusal.unavailable("STS GetCallerIdentity answered without an Arn; retry");
    }
    return arn;
  }

  private static String errorCode(byte[] body) {
    String code = element(body, "Code");
    return code == null ? "no error code" : code.replaceAll("[^A-Za-z.]", "");
  }

  /** The text of the first element of that local name; null when absent or not XML. DTDs are refused. */
  private static String element(byte[] xml, String name) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setNamespaceAware(true);
      Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
      NodeList nodes = document.getElementsByTagNameNS("*", name);
      return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    } catch (ParserConfigurationException | SAXException | IOException notXml) {
      return null;
    }
  }
}
