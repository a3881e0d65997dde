package io.spotkube.constructs;

import java.util.Objects;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * Where the runtime's container image comes from: built from {@code runtime/Dockerfile} by
 * {@code cdk deploy} (a DockerImageAsset; synth stages the directory and needs no Docker), or a
 * registry URI.
 */
public abstract class RuntimeImage {

  /** The image built from a directory holding a Dockerfile (this repository's {@code runtime/}). */
  public static RuntimeImage fromDockerfile(String directory) {
    Objects.requireNonNull(directory, "directory");
    return new RuntimeImage() {
      private DockerImageAsset asset;

      @Override
      public String bind(Construct scope) {
        if (asset == null) {
          asset = DockerImageAsset.Builder.create(scope, "RuntimeImage")
              .directory(directory)
              // Only what the Dockerfile copies: the staged asset, and so its hash, ignores builds.
              .exclude(java.util.List.of("*", "!Dockerfile", "!target/spotkube-runtime.jar"))
              .build();
        }
        return asset.getImageUri();
      }

      @Override
      public void grantPull(IGrantable grantee) {
        asset.getRepository().grantPull(grantee);
      }
    };
  }

  /** An image already in a registry, e.g. {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/spotkube:1.0}. */
  public static RuntimeImage fromUri(String imageUri) {
    Objects.requireNonNull(imageUri, "imageUri");
    return new RuntimeImage() {
      @Override
      public String bind(Construct scope) {
        return imageUri;
      }

      @Override
      public void grantPull(IGrantable grantee) {
        // A registry the user chose: pulling rights are theirs to give.
      }
    };
  }

  /** The image URI, creating the asset under {@code scope} on first use. */
  public abstract String bind(Construct scope);

  /** Lets the nodes that run the runtime pull the image. Call after {@link #bind}. */
  public abstract void grantPull(IGrantable grantee);
}
