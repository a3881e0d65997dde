package io.spotkube.runtime.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer store that keeps a slimmed copy of each object: only the fields its reader uses.
 * A pod as a real API server returns it (managed fields, projected token volume, status with
 * conditions and container statuses) is several KB of JSON and more as Java objects; ten thousand
 * of them do not fit the handler's 256 MB heap, their slimmed copies do. The slimmer must keep
 * {@code metadata.name}, {@code namespace} and {@code resourceVersion}: the informer keys and
 * compares by them.
 */
final class SlimItemStore<T extends HasMetadata> implements ItemStore<T> {

  private final ConcurrentHashMap<String, T> items = new ConcurrentHashMap<>();
  private final UnaryOperator<T> slimmer;

  SlimItemStore(UnaryOperator<T> slimmer) {
    this.slimmer = slimmer;
  }

  @Override
  public String getKey(T item) {
    return Cache.metaNamespaceKeyFunc(item);
  }

  @Override
  public T put(String key, T item) {
    return items.put(key, slimmer.apply(item));
  }

  @Override
  public T remove(String key) {
    return items.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return items.values().stream();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public T get(String key) {
    return items.get(key);
  }
}
