package io.spotkube.constructs;

import java.util.List;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.LaunchTemplateHttpTokens;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.Construct;

/**
 * The one way this library writes a launch template: IMDSv2 required, an encrypted gp3 root
 * volume deleted with the instance, no public IP. Every node group and the control plane use it.
 *
 * @param instanceType null for groups whose types come from a MixedInstancesPolicy
 */
record NodeLaunchTemplate(IMachineImage machineImage, UserData userData, IRole role, ISecurityGroup securityGroup,
                          InstanceType instanceType, int rootVolumeSizeGib, String rootDeviceName, int metadataHopLimit) {

  LaunchTemplate create(Construct scope, String id) {
    return LaunchTemplate.Builder.create(scope, id)
        .machineImage(machineImage)
        .instanceType(instanceType)
        .userData(userData)
        .role(role)
        .securityGroup(securityGroup)
        .associatePublicIpAddress(false)
        .requireImdsv2(true)
        .httpTokens(LaunchTemplateHttpTokens.REQUIRED)
        .httpPutResponseHopLimit(metadataHopLimit)
        .blockDevices(List.of(BlockDevice.builder()
            .deviceName(rootDeviceName)
            .volume(BlockDeviceVolume.ebs(rootVolumeSizeGib, EbsDeviceOptions.builder()
                .volumeType(EbsDeviceVolumeType.GP3)
                .encrypted(true)
                .deleteOnTermination(true)
                .build()))
            .build()))
        .build();
  }
}
