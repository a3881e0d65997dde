package io.spotkube.runtime.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.spotkube.runtime.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PersistentVolumeClaims (to the volume each is bound to) and PersistentVolumes (to the zones their
 * node affinity allows), kept as the model, so a pod's claims resolve to the zones it may run in
 * (upstream's VolumeBinding/VolumeZone filters). Resolved when read, since a claim is often bound
 * after its pod was created.
 */
final class VolumeZones {

  final ModelStore<PersistentVolumeClaim, String> claims = new ModelStore<>("PersistentVolumeClaim",
      claim -> Optional.ofNullable(claim.getSpec() == null ? null : claim.getSpec().getVolumeName())
          .filter(name -> !name.isEmpty()),
      claim -> KubernetesObjects.shell(claim, PersistentVolumeClaim::new), volume -> null);
  final ModelStore<PersistentVolume, List<String>> volumes = new ModelStore<>("PersistentVolume",
      volume -> Optional.of(KubernetesObjects.volumeZones(volume)),
      volume -> KubernetesObjects.shell(volume, PersistentVolume::new), zones -> null);

  /**
   * The pod with {@code volumeZones} set to the zones all its bound zonal volumes allow; as it is
   * when it has none (unbound claims, as with WaitForFirstConsumer, constrain nothing yet).
   */
  Pod resolve(Pod pod) {
    if (pod.persistentVolumeClaims().isEmpty()) {
      return pod;
    }
    List<String> allowed = null;
    for (String claim : pod.persistentVolumeClaims()) {
      Optional<List<String>> zones = claims.model(pod.namespace() + "/" + claim).flatMap(volumes::model);
      if (zones.isEmpty() || zones.get().isEmpty()) {
        continue;
      }
      if (allowed == null) {
        allowed = new ArrayList<>(zones.get());
      } else {
        allowed.retainAll(zones.get());
      }
    }
    return allowed == null || allowed.isEmpty() ? pod : pod.toBuilder().volumeZones(allowed).build();
  }
}
