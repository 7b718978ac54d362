package dev.chatlog.gcs;

import dev.chatlog.config.Settings;
import dev.chatlog.engine.EngineOptions;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Opens stores on a {@link FakeGcsServer}: one place for the options every test uses. */
public final class FakeGcs {
  /** The bucket every fake server of these tests holds. */
  public static final String BUCKET = "chatlog-test";

  private FakeGcs() {}

  /**
   * Store options for the fake: its endpoint, no credentials, quick retries, and local copies in
   * the cache folder of the test's environment (the build's {@code XDG_CACHE_HOME}).
   */
  public static Map<String, String> options(FakeGcsServer server) {
    Map<String, String> options = new HashMap<>();
    options.put(EngineOptions.CACHE_FOLDER, Settings.cacheFolder(System.getenv()).toString());
    options.put(GcsOptions.ENDPOINT, server.endpoint());
    options.put(GcsOptions.NO_AUTH, "true");
    options.put(GcsOptions.MAX_ATTEMPTS, "3");
    options.put(GcsOptions.TIMEOUT, "10s");
    return options;
  }

  /** A fresh random prefix URI in the test bucket. */
  public static URI freshUri() {
    return URI.create("gs://" + BUCKET + "/t-" + UUID.randomUUID());
  }

  /** A blob store on a fresh random prefix of the fake's bucket. */
  public static GcsBlobStore newBlobStore(FakeGcsServer server) {
    return newBlobStore(server, options(server));
  }

  /** A blob store on a fresh random prefix with the given options. */
  public static GcsBlobStore newBlobStore(FakeGcsServer server, Map<String, String> options) {
    GcsOptions parsed = GcsOptions.parse(freshUri(), new HashMap<>(options));
    return GcsClients.store(
        parsed,
        () -> {
          throw new IllegalStateException("no credentials in tests");
        });
  }
}
