package dev.chatlog.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.StorageException;
import dev.chatlog.testing.ForwardingBlobStore;
import dev.chatlog.testing.MemoryBlobStore;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreHealthTest {
  private static final StoreHealth.Check OK = StoreHealth.Check.ok();

  /** A memory store whose create-only writes overwrite, as a server ignoring If-None-Match. */
  private static final class Overwriting extends ForwardingBlobStore {
    Overwriting(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public String put(String key, byte[] data, PutCondition condition) {
      delegate.delete(key);
      return delegate.put(key, data, condition);
    }
  }

  /** A store that fails every call of one kind. */
  private static final class Failing extends ForwardingBlobStore {
    private final boolean listing;

    Failing(BlobStore delegate, boolean listing) {
      super(delegate);
      this.listing = listing;
    }

    @Override
    public BlobPage list(String prefix, String startAfter, int pageSize) {
      if (listing) {
        throw new StorageException("Cannot list mem: connection refused", false);
      }
      return delegate.list(prefix, startAfter, pageSize);
    }

    @Override
    public String put(String key, byte[] data, PutCondition condition) {
      throw new StorageException("Cannot write " + key + ": access denied", false);
    }
  }

  @Test
  void aGoodBlobStoreIsReachableWritableAndConditionalAndKeepsNoProbe() {
    MemoryBlobStore blobs = new MemoryBlobStore();

    StoreHealth health = StoreHealth.probe(blobs, true);

    assertThat(health).isEqualTo(new StoreHealth(blobs.location(), OK, OK, OK));
    assertThat(health.healthy()).isTrue();
    assertThat(health.problem()).isEmpty();
    assertThat(blobs.keys()).isEmpty();
  }

  @Test
  void aStoreThatOverwritesFailsTheConditionalCheck() {
    MemoryBlobStore memory = new MemoryBlobStore();

    StoreHealth health = StoreHealth.probe(new Overwriting(memory), true);

    assertThat(health.writable()).isEqualTo(OK);
    assertThat(health.conditionalWrites().status()).isEqualTo(StoreHealth.Status.FAIL);
    assertThat(health.problem().orElseThrow())
        .startsWith("Cannot trust ")
        .endsWith("a second create-only write of one key was not refused");
    assertThat(health.healthy()).isFalse();
    assertThat(memory.keys()).isEmpty();
  }

  @Test
  void anUnreachableStoreFailsWithTheReason() {
    StoreHealth health = StoreHealth.probe(new Failing(new MemoryBlobStore(), true), true);

    assertThat(health.reachable())
        .isEqualTo(StoreHealth.Check.fail("Cannot list mem: connection refused"));
    assertThat(health.problem()).contains("Cannot list mem: connection refused");
  }

  @Test
  void aStoreThatRefusesWritesIsNotWritable() {
    StoreHealth health = StoreHealth.probe(new Failing(new MemoryBlobStore(), false), true);

    assertThat(health.reachable()).isEqualTo(OK);
    assertThat(health.writable().status()).isEqualTo(StoreHealth.Status.FAIL);
    assertThat(health.writable().detail()).endsWith("access denied");
    assertThat(health.conditionalWrites().status()).isEqualTo(StoreHealth.Status.UNKNOWN);
  }

  @Test
  void withoutWriteProbeNothingIsWrittenAndTheWriteChecksAreSkipped() {
    StoreHealth health = StoreHealth.probe(new Failing(new MemoryBlobStore(), false), false);

    assertThat(health.healthy()).isTrue();
    assertThat(health.checks())
        .extracting(n -> n.name() + ": " + n.check().status() + " " + n.check().detail())
        .containsExactly(
            "reachable: ok ",
            "writable: skipped read-only",
            "conditional writes: skipped read-only");
  }

  @Test
  void theDefaultCheckOpensTheStoreAndCannotTellWritability() {
    MemoryBlobStore blobs = new MemoryBlobStore();
    StorageProvider provider = provider(blobs);

    StoreHealth health = provider.check(URI.create("mem://x?a=b"), Map.of(), true);

    assertThat(health.reachable()).isEqualTo(OK);
    assertThat(health.writable())
        .isEqualTo(StoreHealth.Check.unknown("the mem store offers no write probe"));
    assertThat(health.healthy()).isTrue();
    assertThat(provider.check(URI.create("mem://x"), Map.of(), false).writable().status())
        .isEqualTo(StoreHealth.Status.SKIPPED);
    assertThat(blobs.keys()).isEmpty();
  }

  @Test
  void theDefaultCheckReportsAStoreThatCannotBeReadAndThrowsForBadSettings() {
    StorageProvider provider = provider(new Failing(new MemoryBlobStore(), true));
    StorageProviders providers = StorageProviders.of(List.of(provider));

    StoreHealth health = providers.check(URI.create("mem://x?a=b"), Map.of(), true);

    assertThat(health.location()).doesNotContain("a=b");
    assertThat(health.reachable().status()).isEqualTo(StoreHealth.Status.FAIL);
    assertThat(health.reachable().detail()).isEqualTo("Cannot list mem: connection refused");
    assertThatThrownBy(() -> providers.check(URI.create("mem://x"), Map.of("bad", "1"), true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot use option bad '1': unknown option; valid options:");
  }

  private static StorageProvider provider(BlobStore blobs) {
    return new StorageProvider() {
      @Override
      public String scheme() {
        return "mem";
      }

      @Override
      public Set<String> optionKeys() {
        return BlobChunkStore.OPTION_KEYS;
      }

      @Override
      public ChunkStore open(URI uri, Map<String, String> options) {
        return BlobChunkStore.open(blobs, options);
      }
    };
  }
}
