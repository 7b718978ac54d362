package dev.chatlog.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.error.StorageException;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobPage;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.testing.MemoryBlobStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObservedBlobStoreTest {
  private final RecordingObserver observer = new RecordingObserver();
  private final MemoryBlobStore memory = new MemoryBlobStore();
  private final BlobStore store = ObservedBlobStore.of(memory, "s3", observer);

  @Test
  void everyCallIsToldWithItsOperationAndOutcome() {
    String version = store.put("a/1", new byte[] {1, 2}, PutCondition.createOnly());
    assertThatThrownBy(() -> store.put("a/1", new byte[] {3}, PutCondition.createOnly()))
        .isInstanceOf(PreconditionFailedException.class);
    assertThat(store.get("a/1")).isPresent();
    assertThat(store.get("a/2")).isEmpty();
    assertThat(store.getRange("a/1", 1, 1)).isPresent();
    assertThat(store.getRange("a/2", 0, 1)).isEmpty();
    assertThat(store.list("a/", null, 10).blobs()).hasSize(1);
    store.delete("a/1");
    store.deleteAll(List.of("a/3", "a/4"));

    assertThat(observer.events)
        .containsExactly(
            "s3 write ok",
            "s3 write precondition_failed",
            "s3 read ok",
            "s3 read not_found",
            "s3 read ok",
            "s3 read not_found",
            "s3 list ok",
            "s3 delete ok",
            "s3 delete ok");
    assertThat(store.location()).isEqualTo(memory.location());
    assertThat(store.isLocal()).isEqualTo(memory.isLocal());
    store.close();
  }

  @Test
  void failuresAreToldAsErrorsAndThrownOn() {
    BlobStore failing =
        ObservedBlobStore.of(
            new BlobStore() {
              @Override
              public Optional<Blob> get(String key) {
                throw new StorageException("Cannot read " + key + ": down", true);
              }

              @Override
              public Optional<Blob> getRange(String key, long offset, int length) {
                throw new StorageException("Cannot read " + key + ": down", true);
              }

              @Override
              public String put(String key, byte[] data, PutCondition condition) {
                throw new StorageException("Cannot write " + key + ": down", true);
              }

              @Override
              public BlobPage list(String prefix, String startAfter, int pageSize) {
                throw new StorageException("Cannot list: down", true);
              }

              @Override
              public void delete(String key) {
                throw new StorageException("Cannot delete: down", true);
              }

              @Override
              public void deleteAll(Collection<String> keys) {
                throw new StorageException("Cannot delete: down", true);
              }

              @Override
              public String location() {
                return "down://";
              }

              @Override
              public void close() {}
            },
            "gs",
            observer);
    assertThatThrownBy(() -> failing.get("k")).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> failing.put("k", new byte[0], PutCondition.createOnly()))
        .isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> failing.getRange("k", 0, 1)).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> failing.list("", null, 1)).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> failing.delete("k")).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> failing.deleteAll(List.of("k"))).isInstanceOf(StorageException.class);

    assertThat(observer.events)
        .containsExactly(
            "gs read error",
            "gs write error",
            "gs read error",
            "gs list error",
            "gs delete error",
            "gs delete error");
  }

  @Test
  void withoutAnObserverTheStoreIsItself() {
    assertThat(ObservedBlobStore.of(memory, "s3", ChatLogObserver.NONE)).isSameAs(memory);
  }
}
