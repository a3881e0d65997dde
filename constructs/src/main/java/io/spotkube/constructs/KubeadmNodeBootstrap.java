package io.spotkube.constructs;

import io.spotkube.catalog.InstanceType;
import java.util.List;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.UserData;

/** {@link NodeBootstrap#kubeadm()}: the kubelet's flags as an environment file, then the cluster's join script. */
final class KubeadmNodeBootstrap implements NodeBootstrap {

  static final KubeadmNodeBootstrap INSTANCE = new KubeadmNodeBootstrap();

  private KubeadmNodeBootstrap() {
  }

  @Override
  public int maxPods(List<InstanceType> instanceTypes, int requestedMaxPods) {
    return requestedMaxPods;
  }

  @Override
  public IMachineImage machineImage(String architecture) {
    return UbuntuImage.forArchitecture(architecture);
  }

  @Override
  public UserData userData(KubeletSettings kubelet, UserData extra) {
    UserData userData = UserData.forLinux();
    userData.addCommands(kubelet.userDataCommands().toArray(String[]::new));
    if (extra != null) {
      userData.addCommands(extra.render());
    }
    return userData;
  }
}
