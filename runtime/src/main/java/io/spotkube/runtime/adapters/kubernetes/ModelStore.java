package io.spotkube.runtime.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An informer store that keeps each object as the runtime's model, converted once when it
 * changes, plus an index on the model. A pod as a real API server returns it (managed fields,
 * projected token volume, statuses) is several KB as Java objects; ten thousand of them do not fit
 * the runtime's heap, their models do. For its own bookkeeping the informer gets back a shell that
 * keeps only name, namespace and resourceVersion (it keys and compares by them; no event handler
 * is registered that would read more).
 *
 * <p>An object the converter cannot read (a malformed quantity) or does not keep (a finished pod)
 * has a shell and no model: it is invisible to readers, and logged once per version.
 *
 * @param <T> the fabric8 type
 * @param <M> the model type
 */
final class ModelStore<T extends HasMetadata, M> implements ItemStore<T> {

  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

  private record Entry<T, M>(T shell, M model, String indexKey) {
  }

  private final ConcurrentHashMap<String, Entry<T, M>> items = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<String>> index = new ConcurrentHashMap<>();
  private final String kind;
  private final Function<T, Optional<M>> converter;
  private final UnaryOperator<T> shell;
  private final Function<M, String> indexKey;

  /**
   * @param converter the model of an object; empty when it is not kept; throws IllegalArgumentException when unreadable
   * @param shell     a copy keeping metadata name, namespace and resourceVersion
   * @param indexKey  the one index key of a model (node name of a pod, instance id of a node), null for none
   */
  ModelStore(String kind, Function<T, Optional<M>> converter, UnaryOperator<T> shell, Function<M, String> indexKey) {
    this.kind = kind;
    this.converter = converter;
    this.shell = shell;
    this.indexKey = indexKey;
  }

  /** The model under a {@code namespace/name} (or {@code name}) key. */
  Optional<M> model(String key) {
    Entry<T, M> entry = items.get(key);
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.model());
  }

  /** The models whose index key is {@code value}. */
  List<M> indexed(String value) {
    Set<String> keys = index.get(value);
    if (keys == null) {
      return List.of();
    }
    return keys.stream().map(items::get).filter(entry -> entry != null && entry.model() != null)
        .map(Entry::model).toList();
  }

  List<M> models() {
    return items.values().stream().map(Entry::model).filter(model -> model != null).toList();
  }

  @Override
  public String getKey(T item) {
    return Cache.metaNamespaceKeyFunc(item);
  }

  @Override
  public T put(String key, T item) {
    M model = null;
    try {
      model = converter.apply(item).orElse(null);
    } catch (IllegalArgumentException unreadable) {
      LOG.warn("ignoring {} {}: {}", kind, key, unreadable.getMessage());
    }
    String newIndexKey = model == null ? null : indexKey.apply(model);
    Entry<T, M> old = items.put(key, new Entry<>(shell.apply(item), model, newIndexKey));
    String oldIndexKey = old == null ? null : old.indexKey();
    if (oldIndexKey != null && !oldIndexKey.equals(newIndexKey)) {
      unindex(oldIndexKey, key);
    }
    if (newIndexKey != null) {
      index.computeIfAbsent(newIndexKey, unused -> ConcurrentHashMap.newKeySet()).add(key);
    }
    return old == null ? null : old.shell();
  }

  @Override
  public T remove(String key) {
    Entry<T, M> old = items.remove(key);
    if (old == null) {
      return null;
    }
    if (old.indexKey() != null) {
      unindex(old.indexKey(), key);
    }
    return old.shell();
  }

  private void unindex(String value, String key) {
    index.computeIfPresent(value, (unused, keys) -> {
      keys.remove(key);
      return keys.isEmpty() ? null : keys;
    });
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return items.values().stream().map(Entry::shell);
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public T get(String key) {
    Entry<T, M> entry = items.get(key);
    return entry == null ? null : entry.shell();
  }
}
