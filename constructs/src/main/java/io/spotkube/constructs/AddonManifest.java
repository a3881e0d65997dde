package io.spotkube.constructs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.ssm.ParameterTier;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * One add-on manifest shipped to the control plane's add-on timer (docs/bootstrap.md): the YAML
 * as a file asset ({@code Manifest}) and the SSM parameter {@code <prefix>/addons/<file>}
 * ({@code ManifestUrl}) holding its S3 URL, which CloudFormation keeps current. Both are created
 * in the caller's scope under those ids, so the add-on constructs keep their logical ids.
 */
final class AddonManifest {

  private final Asset asset;

  AddonManifest(Construct scope, String fileName, String yaml, String ssmPrefix, String description) {
    this.asset = Asset.Builder.create(scope, "Manifest").path(write(fileName, yaml).toString()).build();
    StringParameter.Builder.create(scope, "ManifestUrl")
        .parameterName(ssmPrefix + "/addons/" + fileName)
        .description(description)
        .stringValue(asset.getS3ObjectUrl())
        .tier(ParameterTier.STANDARD)
        .simpleName(false)
        .build();
  }

  /**
   * The control plane reads the manifest: {@code s3:GetObject} on this one object of the CDK assets
   * bucket (the add-on timer's {@code aws s3 cp}), not the bucket's other objects, which may be any
   * app's assets. The parameter is under the control plane's SSM path already.
   */
  void grantRead(IGrantable grantee) {
    grantReadObject(grantee, asset);
  }

  /** s3:GetObject on the asset's one object (Asset.grantRead would give the whole CDK assets bucket). */
  static void grantReadObject(IGrantable grantee, Asset asset) {
    Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
        .grantee(grantee)
        .actions(List.of("s3:GetObject"))
        .resourceArns(List.of(asset.getBucket().arnForObjects(asset.getS3ObjectKey())))
        .build());
  }

  private static Path write(String fileName, String yaml) {
    try {
      Path dir = Files.createTempDirectory("spotkube-addon");
      return Files.writeString(dir.resolve(fileName), yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the add-on manifest " + fileName + " for its asset", e);
    }
  }
}
