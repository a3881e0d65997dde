package io.spotkube.runtime.nodecredential;

import java.io.IOException;
import java.io.StringReader;
import java.security.interfaces.RSAPublicKey;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A kubelet's client certificate request, checked as the kubelet-client signer and kops-controller
 * expect it: one PEM {@code CERTIFICATE REQUEST}, self-signed by its key, subject exactly
 * {@code O=system:nodes, CN=system:node:<name>}, an RSA key of at least 2048 bits or an EC P-256/P-384
 * key, and no requested extensions (no SANs: a client certificate names only the node).
 *
 * @param nodeName the {@code <name>} of the subject
 * @param rsa      true for an RSA key (its certificate also gets key encipherment)
 */
public record NodeCsr(String nodeName, boolean rsa) {

  public static final String NODE_PREFIX = "system:node:";
  public static final String NODES_GROUP = "system:nodes";
  private static final int MIN_RSA_BITS = 2048;
  /** BouncyCastle's provider for this class only (not registered in the JVM): it reads every key type a CSR may carry. */
  private static final Provider PROVIDER = new BouncyCastleProvider();
  private static final Set<ASN1ObjectIdentifier> CURVES =
      Set.of(X9ObjectIdentifiers.prime256v1, SECObjectIdentifiers.secp384r1);

  /** Parses and checks a CSR: 400 when it cannot be read or its signature is bad, 403 when it asks for too much. */
  public static NodeCsr parse(String pem) {
    PKCS10CertificationRequest csr = read(pem);
    PublicKey key;
    try {
      key = new JcaPKCS10CertificationRequest(csr).setProvider(PROVIDER).getPublicKey();
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(PROVIDER).build(key))) {
        throw CredentialRefusal.malformed("csr: its signature does not verify with its own key");
      }
    } catch (OperatorCreationException | PKCSException | java.security.GeneralSecurityException unreadable) {
      throw CredentialRefusal.malformed("csr: its key or signature cannot be read (" + unreadable.getClass().getSimpleName()
          + ")");
    }
    boolean rsa = checkKey(key, csr.getSubjectPublicKeyInfo());
    for (Attribute attribute : csr.getAttributes()) {
      if (PKCSObjectIdentifiers.pkcs_9_at_extensionRequest.equals(attribute.getAttrType())) {
        throw CredentialRefusal.refused("csr: requests extensions (such as subject alternative names); "
            + "a node's client certificate names only the node");
      }
    }
    return new NodeCsr(nodeName(csr.getSubject()), rsa);
  }

  private static PKCS10CertificationRequest read(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object first = parser.readObject();
      if (!(first instanceof PKCS10CertificationRequest csr)) {
        throw CredentialRefusal.malformed("csr: not a PEM CERTIFICATE REQUEST");
      }
      if (parser.readObject() != null) {
        throw CredentialRefusal.malformed("csr: more than one PEM block");
      }
      return csr;
    } catch (IOException | RuntimeException unreadable) {
      if (unreadable instanceof CredentialRefusal refusal) {
        throw refusal;
      }
      throw CredentialRefusal.malformed("csr: not a PEM CERTIFICATE REQUEST");
    }
  }

  /** The subject must be exactly two single-valued RDNs, O=system:nodes and CN=system:node:<name>. */
  private static String nodeName(X500Name subject) {
    String commonName = null;
    boolean nodesGroup = false;
    RDN[] rdns = subject.getRDNs();
    for (RDN rdn : rdns) {
      if (rdn.isMultiValued()) {
        throw refusedSubject(subject);
      }
      AttributeTypeAndValue attribute = rdn.getFirst();
      ASN1ObjectIdentifier type = attribute.getType();
      String value = IETFUtils.valueToString(attribute.getValue());
      if (BCStyle.CN.equals(type) && commonName == null) {
        commonName = value;
      } else if (BCStyle.O.equals(type) && !nodesGroup && NODES_GROUP.equals(value)) {
        nodesGroup = true;
      } else {
        throw refusedSubject(subject);
      }
    }
    if (rdns.length != 2 || !nodesGroup || commonName == null || !commonName.startsWith(NODE_PREFIX)
        || commonName.length() == NODE_PREFIX.length()) {
      throw refusedSubject(subject);
    }
    return commonName.substring(NODE_PREFIX.length());
  }

  private static CredentialRefusal refusedSubject(X500Name subject) {
    String text = subject.toString();
    return CredentialRefusal.refused("csr: subject is " + (text.length() > 200 ? text.substring(0, 200) + "..." : text)
        + ", not exactly CN=" + NODE_PREFIX + "<node name>, O=" + NODES_GROUP);
  }

  /** True for RSA; refuses small RSA keys and curves other than P-256 and P-384. */
  private static boolean checkKey(PublicKey key, SubjectPublicKeyInfo info) {
    if (key instanceof RSAPublicKey rsaKey) {
      int bits = rsaKey.getModulus().bitLength();
      if (bits < MIN_RSA_BITS) {
        throw CredentialRefusal.refused("csr: RSA key of " + bits + " bits, at least " + MIN_RSA_BITS);
      }
      return true;
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(info.getAlgorithm().getAlgorithm())) {
      if (!CURVES.contains(info.getAlgorithm().getParameters())) {
        throw CredentialRefusal.refused("csr: EC key on a curve other than P-256 or P-384");
      }
      return false;
    }
    throw CredentialRefusal.refused("csr: " + key.getAlgorithm() + " key; only RSA (2048 bits or more) or EC P-256/P-384");
  }
}
