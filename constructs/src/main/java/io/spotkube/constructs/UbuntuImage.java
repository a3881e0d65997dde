package io.spotkube.constructs;

import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.MachineImage;

/**
 * Ubuntu 24.04 LTS from Canonical's public SSM parameters: resolved by CloudFormation at deploy
 * time, so synth needs no AWS call and always gets the current patched image.
 */
final class UbuntuImage {

  private UbuntuImage() {
  }

  static IMachineImage forArchitecture(String architecture) {
    String arch = architecture.equals("arm64") ? "arm64" : "amd64";
    return MachineImage.fromSsmParameter(
        "/aws/service/canonical/ubuntu/server/24.04/stable/current/" + arch + "/hvm/ebs-gp3/ami-id");
  }
}
