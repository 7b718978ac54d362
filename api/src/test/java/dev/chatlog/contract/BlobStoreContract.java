package dev.chatlog.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.spi.BlobPage;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link BlobStore} contract, one test per sentence of its Javadoc. A backend subclasses this
 * class and implements {@link #newStore()}; each call must give a store on a fresh, empty root or
 * prefix so that tests never see each other's objects.
 */
public abstract class BlobStoreContract {

  /** The store under test, fresh for every test. */
  protected BlobStore store;

  /** A new store over a fresh random root or prefix. */
  protected abstract BlobStore newStore();

  /**
   * Whether a key may also be the folder-like prefix of other keys ({@code a} and {@code a/b} at
   * once). Object stores allow it; a file system cannot hold a file and a folder of one name.
   */
  protected boolean supportsKeyNestedUnderKey() {
    return true;
  }

  /** How many threads race in the concurrency tests. */
  protected int racers() {
    return 8;
  }

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** The UTF-8 bytes of {@code text}. */
  protected static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private String create(String key, String text) {
    return store.put(key, bytes(text), PutCondition.createOnly());
  }

  private List<String> keys(List<BlobInfo> infos) {
    return infos.stream().map(BlobInfo::key).toList();
  }

  /** Create-only and replace-if-version puts, and what get returns after them. */
  @Nested
  class Writes {

    @Test
    void createOnlyPutStoresTheObjectAndReturnsANonEmptyVersion() {
      String version = create("a/b.txt", "hello");

      Blob blob = store.get("a/b.txt").orElseThrow();
      assertThat(blob.data()).isEqualTo(bytes("hello"));
      assertThat(version).isNotEmpty();
      assertThat(blob.version()).isEqualTo(version);
    }

    @Test
    void createOnlyOnAnExistingKeyFailsAndKeepsTheObject() {
      create("k", "first");

      assertThatThrownBy(() -> create("k", "second"))
          .isInstanceOf(PreconditionFailedException.class)
          .hasMessageContaining("k");
      assertThat(store.get("k").orElseThrow().data()).isEqualTo(bytes("first"));
    }

    @Test
    void ifVersionWithTheCurrentVersionReplacesAndReturnsANewVersion() {
      String v1 = create("index/manifest.json", "one");

      String v2 = store.put("index/manifest.json", bytes("two"), PutCondition.ifVersion(v1));

      assertThat(v2).isNotEmpty().isNotEqualTo(v1);
      Blob blob = store.get("index/manifest.json").orElseThrow();
      assertThat(blob.data()).isEqualTo(bytes("two"));
      assertThat(blob.version()).isEqualTo(v2);
    }

    @Test
    void ifVersionWithAnOldVersionFailsAndKeepsTheObject() {
      String v1 = create("m", "one");
      String v2 = store.put("m", bytes("two"), PutCondition.ifVersion(v1));

      assertThatThrownBy(() -> store.put("m", bytes("three"), PutCondition.ifVersion(v1)))
          .isInstanceOf(PreconditionFailedException.class)
          .hasMessageContaining("m");
      Blob blob = store.get("m").orElseThrow();
      assertThat(blob.data()).isEqualTo(bytes("two"));
      assertThat(blob.version()).isEqualTo(v2);
    }

    @Test
    void ifVersionWithAMadeUpVersionFails() {
      create("m", "one");

      assertThatThrownBy(() -> store.put("m", bytes("two"), PutCondition.ifVersion("nope")))
          .isInstanceOf(PreconditionFailedException.class)
          .hasMessageContaining("m");
    }

    @Test
    void ifVersionOnAMissingKeyFailsAndCreatesNothing() {
      String version = create("other", "x");

      assertThatThrownBy(() -> store.put("missing", bytes("y"), PutCondition.ifVersion(version)))
          .isInstanceOf(PreconditionFailedException.class)
          .hasMessageContaining("missing");
      assertThat(store.get("missing")).isEmpty();
    }

    @Test
    void versionStaysTheSameUntilTheObjectIsReplaced() {
      String v1 = create("m", "one");

      assertThat(store.get("m").orElseThrow().version()).isEqualTo(v1);
      assertThat(store.get("m").orElseThrow().version()).isEqualTo(v1);
      assertThat(store.listAll("m", null)).extracting(BlobInfo::version).containsExactly(v1);

      String v2 = store.put("m", bytes("two"), PutCondition.ifVersion(v1));

      assertThat(store.get("m").orElseThrow().version()).isEqualTo(v2);
      assertThat(store.listAll("m", null)).extracting(BlobInfo::version).containsExactly(v2);
    }

    @Test
    void aDeletedKeyCanBeCreatedAgain() {
      create("k", "first");
      store.delete("k");

      create("k", "second");

      assertThat(store.get("k").orElseThrow().data()).isEqualTo(bytes("second"));
    }

    @Test
    void everyByteValueRoundTrips() {
      byte[] data = new byte[512];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) i;
      }

      store.put("bin/all-bytes", data, PutCondition.createOnly());

      assertThat(store.get("bin/all-bytes").orElseThrow().data()).isEqualTo(data);
      assertThat(store.getRange("bin/all-bytes", 250, 10).orElseThrow().data())
          .isEqualTo(Arrays.copyOfRange(data, 250, 260));
    }

    @Test
    void zeroByteObjectsAreStoredListedAndRead() {
      String version = store.put("empty", new byte[0], PutCondition.createOnly());

      Blob blob = store.get("empty").orElseThrow();
      assertThat(blob.data()).isEmpty();
      assertThat(blob.version()).isEqualTo(version).isNotEmpty();
      assertThat(store.listAll("", null)).containsExactly(new BlobInfo("empty", 0, version));
      assertThatThrownBy(() -> store.put("empty", new byte[0], PutCondition.createOnly()))
          .isInstanceOf(PreconditionFailedException.class);
    }

    @Test
    void aLargerObjectRoundTrips() {
      byte[] data = new byte[3 * 1024 * 1024 + 17];
      new Random(42).nextBytes(data);

      store.put("big/object.bin", data, PutCondition.createOnly());

      assertThat(store.get("big/object.bin").orElseThrow().data()).isEqualTo(data);
    }

    @Test
    void aKeyMayAlsoBeThePrefixFolderOfOtherKeys() {
      assumeThat(supportsKeyNestedUnderKey()).as("backend allows a/b beside a").isTrue();

      create("a", "leaf");
      create("a/b", "nested");

      assertThat(keys(store.listAll("a", null))).containsExactly("a", "a/b");
    }
  }

  /** Whole and ranged reads. */
  @Nested
  class Reads {

    @Test
    void getOfAMissingKeyIsEmpty() {
      assertThat(store.get("no/such/key")).isEmpty();
    }

    @Test
    void getOfAKeyThatIsOnlyAPrefixOfOthersIsEmpty() {
      create("chunks/2024/01/02/x.md", "x");

      assertThat(store.get("chunks/2024")).isEmpty();
      assertThat(store.get("chunks/2024/01/02/x")).isEmpty();
    }

    @Test
    void rangeInsideTheObjectGivesThoseBytesAndTheObjectVersion() {
      String version = create("r", "0123456789");

      Blob blob = store.getRange("r", 2, 3).orElseThrow();

      assertThat(blob.data()).isEqualTo(bytes("234"));
      assertThat(blob.version()).isEqualTo(version);
    }

    @Test
    void rangeFromTheStartGivesTheFirstBytes() {
      create("r", "0123456789");

      assertThat(store.getRange("r", 0, 4).orElseThrow().data()).isEqualTo(bytes("0123"));
    }

    @Test
    void rangeRunningPastTheEndIsCutAtTheEnd() {
      create("r", "0123456789");

      assertThat(store.getRange("r", 7, 100).orElseThrow().data()).isEqualTo(bytes("789"));
    }

    @Test
    void offsetAtTheEndGivesZeroBytes() {
      String version = create("r", "0123456789");

      Blob blob = store.getRange("r", 10, 5).orElseThrow();

      assertThat(blob.data()).isEmpty();
      assertThat(blob.version()).isEqualTo(version);
    }

    @Test
    void offsetPastTheEndGivesZeroBytes() {
      create("r", "0123456789");

      assertThat(store.getRange("r", 1000, 5).orElseThrow().data()).isEmpty();
    }

    @Test
    void rangeOfAMissingKeyIsEmpty() {
      assertThat(store.getRange("missing", 0, 10)).isEmpty();
    }
  }

  /** Listing by prefix in key order with paging. */
  @Nested
  class Listing {

    @Test
    void listIsAPlainStringPrefixMatch() {
      for (String key : List.of("a/a", "a/bc", "a/b/c", "a/b.md", "ab", "b/a")) {
        create(key, key);
      }

      assertThat(keys(store.listAll("a/b", null))).containsExactly("a/b.md", "a/b/c", "a/bc");
      assertThat(keys(store.listAll("a/", null))).containsExactly("a/a", "a/b.md", "a/b/c", "a/bc");
      assertThat(keys(store.listAll("a", null)))
          .containsExactly("a/a", "a/b.md", "a/b/c", "a/bc", "ab");
    }

    @Test
    void aPrefixMatchesAKeyEqualToIt() {
      create("index/manifest.json", "m");
      create("index/manifest.json.old", "o");

      assertThat(keys(store.listAll("index/manifest.json", null)))
          .containsExactly("index/manifest.json", "index/manifest.json.old");
    }

    @Test
    void listIsInAscendingKeyOrderAcrossFolders() {
      List<String> keys =
          List.of("a-b", "a.b", "a/b", "a/a/z", "a0", "aB", "a_b", "b", "A", "9", "a/b-c", "a/b.c");
      for (String key : keys) {
        create(key, key);
      }
      List<String> sorted = new ArrayList<>(keys);
      Collections.sort(sorted);

      assertThat(keys(store.listAll("", null))).containsExactlyElementsOf(sorted);
    }

    @Test
    void listGivesSizeAndTheSameVersionAsGet() {
      String version = create("s/one", "12345");

      assertThat(store.listAll("s/", null)).containsExactly(new BlobInfo("s/one", 5, version));
    }

    @Test
    void startAfterIsExclusive() {
      for (String key : List.of("p/1", "p/2", "p/3", "p/4")) {
        create(key, key);
      }

      assertThat(keys(store.listAll("p/", "p/2"))).containsExactly("p/3", "p/4");
    }

    @Test
    void startAfterNeedNotBeAnExistingKey() {
      for (String key : List.of("p/1", "p/2/x", "p/3")) {
        create(key, key);
      }

      assertThat(keys(store.listAll("p/", "p/2"))).containsExactly("p/2/x", "p/3");
      assertThat(keys(store.listAll("p/", "p/1z"))).containsExactly("p/2/x", "p/3");
      assertThat(keys(store.listAll("p/", "a"))).containsExactly("p/1", "p/2/x", "p/3");
      assertThat(keys(store.listAll("p/", "p/9"))).isEmpty();
    }

    @Test
    void pagesFollowNextUntilItIsEmpty() {
      List<String> all =
          IntStream.range(0, 25)
              .mapToObj(i -> "chunks/2024/01/%02d/id%02d.md".formatted(i % 3, i))
              .sorted()
              .toList();
      for (String key : all) {
        create(key, key);
      }
      create("index/inbox/x.json", "other prefix");

      BlobPage first = store.list("chunks/", null, 10);
      BlobPage second = store.list("chunks/", first.next().orElseThrow(), 10);
      BlobPage third = store.list("chunks/", second.next().orElseThrow(), 10);

      assertThat(first.blobs()).hasSize(10);
      assertThat(second.blobs()).hasSize(10);
      assertThat(third.blobs()).hasSize(5);
      assertThat(third.next()).isEmpty();
      List<String> listed = new ArrayList<>(keys(first.blobs()));
      listed.addAll(keys(second.blobs()));
      listed.addAll(keys(third.blobs()));
      assertThat(listed).containsExactlyElementsOf(all);
    }

    @Test
    void aPageThatHoldsEverythingHasNoNext() {
      create("x/1", "1");
      create("x/2", "2");

      BlobPage page = store.list("x/", null, 10);

      assertThat(keys(page.blobs())).containsExactly("x/1", "x/2");
      assertThat(page.next()).isEmpty();
    }

    @Test
    void pageSizeOfOneWalksEveryKey() {
      List<String> all = List.of("f/a", "f/b/c", "f/b/d", "f/e");
      for (String key : all) {
        create(key, key);
      }

      List<String> listed = new ArrayList<>();
      String after = null;
      for (int i = 0; i < 10; i++) {
        BlobPage page = store.list("f/", after, 1);
        assertThat(page.blobs()).hasSizeLessThanOrEqualTo(1);
        listed.addAll(keys(page.blobs()));
        if (page.next().isEmpty()) {
          break;
        }
        after = page.next().get();
      }

      assertThat(listed).containsExactlyElementsOf(all);
    }

    @Test
    void emptyPrefixListsEverything() {
      for (String key : List.of("z", "chunks/2024/01/01/a.md", "index/manifest.json")) {
        create(key, key);
      }

      assertThat(keys(store.listAll("", null)))
          .containsExactly("chunks/2024/01/01/a.md", "index/manifest.json", "z");
    }

    @Test
    void listOfAnEmptyStoreOrUnmatchedPrefixIsEmpty() {
      assertThat(store.list("", null, 10).blobs()).isEmpty();
      assertThat(store.list("", null, 10).next()).isEmpty();

      create("a/b", "x");

      assertThat(store.listAll("b", null)).isEmpty();
      assertThat(store.listAll("a/b/", null)).isEmpty();
    }

    @Test
    void deletedObjectsAreNotListed() {
      create("d/1", "1");
      create("d/2", "2");

      store.delete("d/1");

      assertThat(keys(store.listAll("d/", null))).containsExactly("d/2");
    }
  }

  /** Unconditional and conditional deletes. */
  @Nested
  class Deletes {

    @Test
    void deleteRemovesTheObject() {
      create("k", "x");

      store.delete("k");

      assertThat(store.get("k")).isEmpty();
    }

    @Test
    void deleteIsIdempotent() {
      create("k", "x");

      store.delete("k");
      store.delete("k");
      store.delete("never/there");

      assertThat(store.get("k")).isEmpty();
    }

    @Test
    void deleteAllRemovesEveryKeyAndSkipsMissingOnes() {
      create("index/inbox/a", "1");
      create("index/inbox/b", "2");
      create("chunks/c", "3");
      create("index/inbox/kept", "4");

      store.deleteAll(List.of("index/inbox/a", "index/inbox/b", "chunks/c", "never/there"));

      assertThat(store.listAll("", null))
          .extracting(BlobInfo::key)
          .containsExactly("index/inbox/kept");
    }
  }

  /** Keys outside the documented alphabet and shape. */
  @Nested
  class Keys {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "/a", "a/", "a//b", "../x", "a/../b", "a/./b", ".", "..", "", "a b", "a\\b", "a:b", "ä",
          "a\nb", "a*"
        })
    void invalidKeysAreRejectedByEveryMethod(String key) {
      assertInvalid(() -> store.get(key), key);
      assertInvalid(() -> store.getRange(key, 0, 1), key);
      assertInvalid(() -> store.put(key, bytes("x"), PutCondition.createOnly()), key);
      assertInvalid(() -> store.put(key, bytes("x"), PutCondition.ifVersion("v")), key);
      assertInvalid(() -> store.delete(key), key);
      assertThat(store.listAll("", null)).isEmpty();
    }

    private void assertInvalid(Runnable call, String key) {
      assertThatThrownBy(call::run)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "a", "A-Z_a-z.0-9", "chunks/2024/01/02/01HZY3Q9V1W6D7C5K2B8N4M0PT.md", ".hidden",
          "a/...", "x/.y/z", "-", "_"
        })
    void validKeysWork(String key) {
      String version = store.put(key, bytes(key), PutCondition.createOnly());

      assertThat(store.get(key).orElseThrow().data()).isEqualTo(bytes(key));
      assertThat(store.listAll("", null)).containsExactly(new BlobInfo(key, key.length(), version));
      store.delete(key);
      assertThat(store.get(key)).isEmpty();
    }
  }

  /** Many writers on one key at once. */
  @Nested
  class Concurrency {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentCreateOnlyOfOneKeyHasExactlyOneWinner() throws Exception {
      List<Outcome> outcomes =
          race(n -> store.put("race/key", bytes("writer-" + n), PutCondition.createOnly()));

      List<Outcome> winners = outcomes.stream().filter(Outcome::won).toList();
      assertThat(winners).hasSize(1);
      assertThat(outcomes.stream().filter(o -> !o.won()))
          .allSatisfy(o -> assertThat(o.error()).isInstanceOf(PreconditionFailedException.class));
      Blob blob = store.get("race/key").orElseThrow();
      assertThat(blob.data()).isEqualTo(bytes("writer-" + winners.get(0).writer()));
      assertThat(blob.version()).isEqualTo(winners.get(0).version());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentReplaceOfOneVersionHasExactlyOneWinner() throws Exception {
      String base = create("race/manifest.json", "base");

      List<Outcome> outcomes =
          race(
              n ->
                  store.put(
                      "race/manifest.json", bytes("writer-" + n), PutCondition.ifVersion(base)));

      List<Outcome> winners = outcomes.stream().filter(Outcome::won).toList();
      assertThat(winners).hasSize(1);
      assertThat(outcomes.stream().filter(o -> !o.won()))
          .allSatisfy(o -> assertThat(o.error()).isInstanceOf(PreconditionFailedException.class));
      Blob blob = store.get("race/manifest.json").orElseThrow();
      assertThat(blob.data()).isEqualTo(bytes("writer-" + winners.get(0).writer()));
      assertThat(blob.version()).isEqualTo(winners.get(0).version());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readersNeverSeeAPartialReplacement() throws Exception {
      byte[] a = new byte[256 * 1024];
      byte[] b = new byte[256 * 1024];
      Arrays.fill(a, (byte) 'a');
      Arrays.fill(b, (byte) 'b');
      String version = store.put("swap", a, PutCondition.createOnly());
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<List<byte[]>> reads =
            pool.submit(
                () -> {
                  List<byte[]> seen = new ArrayList<>();
                  for (int i = 0; i < 40; i++) {
                    seen.add(store.get("swap").orElseThrow().data());
                  }
                  return seen;
                });
        for (int i = 0; i < 20; i++) {
          version = store.put("swap", i % 2 == 0 ? b : a, PutCondition.ifVersion(version));
        }
        assertThat(reads.get(50, TimeUnit.SECONDS))
            .allSatisfy(
                data ->
                    assertThat(data)
                        .satisfiesAnyOf(
                            d -> assertThat(d).isEqualTo(a), d -> assertThat(d).isEqualTo(b)));
      } finally {
        pool.shutdownNow();
      }
    }

    private List<Outcome> race(Writer writer) throws Exception {
      int n = racers();
      ExecutorService pool = Executors.newFixedThreadPool(n);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int id = i;
          Callable<Outcome> task =
              () -> {
                start.await();
                try {
                  return new Outcome(id, Optional.of(writer.write(id)), null);
                } catch (RuntimeException e) {
                  return new Outcome(id, Optional.empty(), e);
                }
              };
          futures.add(pool.submit(task));
        }
        start.countDown();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : futures) {
          outcomes.add(future.get(50, TimeUnit.SECONDS));
        }
        return outcomes;
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** One racing write. */
  @FunctionalInterface
  private interface Writer {
    String write(int writer);
  }

  /** What one racing writer got: a version, or an error. */
  private record Outcome(int writer, Optional<String> versionIfWon, RuntimeException error) {
    boolean won() {
      return versionIfWon.isPresent();
    }

    String version() {
      return versionIfWon.orElseThrow();
    }
  }
}
