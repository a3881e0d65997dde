package io.spotkube.constructs;

import io.spotkube.constructs.bootstrap.BootstrapScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * The control plane's timer scripts (add-ons, etcd backups) as file assets that its bootstrap
 * downloads (BootstrapScript.maintenanceScripts): embedded, they would push the user data past
 * EC2's 16 KB. They carry no cluster values (those are in /etc/spotkube/cluster.env), so the
 * assets are the same for every cluster of one spotkube version.
 */
final class ControlPlaneScripts extends Construct {

  private final Asset addons;
  private final Asset etcdBackup;

  ControlPlaneScripts(Construct scope, String id) {
    super(scope, id);
    this.addons = Asset.Builder.create(this, "Addons").path(write("addons.sh", BootstrapScript.addonsScript())).build();
    this.etcdBackup = Asset.Builder.create(this, "EtcdBackup").path(write("etcd-backup.sh", BootstrapScript.etcdBackupScript())).build();
  }

  String addonsUrl() {
    return addons.getS3ObjectUrl();
  }

  String etcdBackupUrl() {
    return etcdBackup.getS3ObjectUrl();
  }

  /** The control plane reads the two objects: s3:GetObject on their keys, nothing else of the bucket. */
  void grantRead(IGrantable grantee) {
    AddonManifest.grantReadObject(grantee, addons);
    AddonManifest.grantReadObject(grantee, etcdBackup);
  }

  private static String write(String fileName, String content) {
    try {
      Path dir = Files.createTempDirectory("spotkube-script");
      return Files.writeString(dir.resolve(fileName), content, StandardCharsets.UTF_8).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("writing the control-plane script " + fileName + " for its asset", e);
    }
  }
}
