package io.spotkube.constructs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The customer-managed key (rotation on) of the join material SecureStrings under
 * {@code <prefix>/join/}. Under SSM's AWS-managed key any principal of the account allowed
 * {@code ssm:GetParameter} on a parameter can read it; under this key only the roles named here
 * can, each for its own paths: the key policy (the account keeps administration, not use) and
 * the roles' policies both require {@code kms:ViaService ssm.<region>.amazonaws.com} and the
 * encryption context SSM adds ({@code PARAMETER_ARN}).
 */
final class JoinMaterialKey extends Construct {

  /**
   * What a worker reads to join: the CA hash only. Its credential is a client certificate from the
   * runtime's node-credential server; the bootstrap token and certificate key are the control plane's.
   */
  static final List<String> WORKER_PARAMETERS = List.of("/join/ca-cert-hash");

  private final String ssmParameterPrefix;
  private final Key key;

  JoinMaterialKey(Construct scope, String id, String clusterName, String ssmParameterPrefix) {
    super(scope, id);
    this.ssmParameterPrefix = ssmParameterPrefix;
    this.key = ParameterKey.create(this, "spotkube " + clusterName + ": encrypts the join material (bootstrap token, certificate key) in SSM");
  }

  /**
   * The control plane writes and reads every join parameter (init, the add-on timer's refresh,
   * joining control planes): kms:Encrypt, kms:Decrypt, kms:GenerateDataKey through SSM for
   * {@code <prefix>/join/*}.
   */
  void allowControlPlane(Role role) {
    Map<String, Map<String, Object>> conditions = new TreeMap<>();
    conditions.put("StringEquals", Map.of("kms:ViaService", viaSsm()));
    conditions.put("StringLike", Map.of("kms:EncryptionContext:PARAMETER_ARN", parameterArn("/join/*")));
    allow("ControlPlaneUsesTheJoinMaterial", role, List.of("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"), conditions);
  }

  /** A worker decrypts the CA hash (kms:Decrypt through SSM), nothing else. */
  void allowWorker(Role role, String sid) {
    Map<String, Object> context = new TreeMap<>();
    context.put("kms:ViaService", viaSsm());
    context.put("kms:EncryptionContext:PARAMETER_ARN", WORKER_PARAMETERS.stream().map(this::parameterArn).toList());
    allow(sid, role, List.of("kms:Decrypt"), Map.of("StringEquals", context));
  }

  private void allow(String sid, Role role, List<String> actions, Map<String, Map<String, Object>> conditions) {
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid(sid)
        .principals(List.of(new ArnPrincipal(role.getRoleArn())))
        .actions(actions)
        .resources(List.of("*"))
        .conditions(conditions)
        .build());
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(actions)
        .resources(List.of(key.getKeyArn()))
        .conditions(conditions)
        .build());
  }

  private static String viaSsm() {
    return "ssm." + Aws.REGION + ".amazonaws.com";
  }

  private String parameterArn(String suffix) {
    return "arn:" + Aws.PARTITION + ":ssm:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":parameter" + ssmParameterPrefix + suffix;
  }

  Key key() {
    return key;
  }
}
