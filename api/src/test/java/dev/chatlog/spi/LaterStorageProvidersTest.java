package dev.chatlog.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Providers found at once, and those of a second loader made only when they are needed. */
class LaterStorageProvidersTest {
  @TempDir Path temp;

  private ClassLoader first;
  private final AtomicInteger laterLoadersMade = new AtomicInteger();
  private Supplier<ClassLoader> later;

  @BeforeEach
  void loaders() throws IOException {
    first = loader(temp.resolve("first"), First.class, getClass().getClassLoader());
    later =
        () -> {
          laterLoadersMade.incrementAndGet();
          try {
            return loader(temp.resolve("later"), Later.class, first);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        };
  }

  @Test
  void aSchemeOfTheFirstLoaderNeverMakesTheLaterOne() {
    StorageProviders providers = StorageProviders.discover(first, later);

    assertThat(providers.forUri(URI.create("first:/x"))).isInstanceOf(First.class);
    assertThat(laterLoadersMade).hasValue(0);
  }

  @Test
  void anotherSchemeIsLookedUpWithTheLaterLoaderMadeOnce() {
    StorageProviders providers = StorageProviders.discover(first, later);

    assertThat(providers.forUri(URI.create("later:/x"))).isInstanceOf(Later.class);
    assertThat(providers.forUri(URI.create("LATER:/y"))).isInstanceOf(Later.class);
    assertThat(providers.forUri(URI.create("first:/x"))).isInstanceOf(First.class);
    assertThat(laterLoadersMade).hasValue(1);
  }

  @Test
  void theSchemesListedAndTheUnknownSchemeErrorNameThoseOfBothLoaders() {
    StorageProviders providers = StorageProviders.discover(first, later);

    assertThat(providers.schemes()).containsExactly("first", "later");
    assertThatThrownBy(() -> providers.forUri(URI.create("other:/x")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot open store 'other:/x': unknown scheme 'other'; known schemes: first, later");
  }

  /** A loader over one folder whose service file names {@code provider}, a class of the tests. */
  private static ClassLoader loader(Path folder, Class<?> provider, ClassLoader parent)
      throws IOException {
    Path services = Files.createDirectories(folder.resolve("META-INF/services"));
    Files.writeString(
        services.resolve(StorageProvider.class.getName()), provider.getName() + "\n", UTF_8);
    return new URLClassLoader(new URL[] {folder.toUri().toURL()}, parent);
  }

  /** The provider of the first loader. */
  public static final class First extends Named {
    public First() {
      super("first");
    }
  }

  /** The provider only the later loader finds. */
  public static final class Later extends Named {
    public Later() {
      super("later");
    }
  }

  private abstract static class Named implements StorageProvider {
    private final String scheme;

    Named(String scheme) {
      this.scheme = scheme;
    }

    @Override
    public String scheme() {
      return scheme;
    }

    @Override
    public Set<String> optionKeys() {
      return Set.of();
    }

    @Override
    public ChunkStore open(URI uri, Map<String, String> options) {
      throw new UnsupportedOperationException("not opened in these tests");
    }
  }
}
