package dev.chatlog.bench;

import dev.chatlog.ChatLog;
import dev.chatlog.config.Settings;
import dev.chatlog.engine.EngineOptions;
import dev.chatlog.gcs.FakeGcs;
import dev.chatlog.gcs.FakeGcsServer;
import dev.chatlog.s3.S3Options;
import dev.chatlog.s3.S3ProxyServer;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.StorageProviders;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Histories on the in-process test servers of the remote stores, for {@code -p store=s3,gcs}: an
 * S3Proxy (backend-s3's {@link S3ProxyServer}) or a {@link FakeGcsServer}, started once per JVM on
 * loopback. A history is generated through the batch path as {@link HistoryGenerator} does for the
 * file store, into a prefix of its own; the servers keep objects in memory, so each JMH fork
 * generates its history again (about a second per 1,000 chunks).
 */
public final class RemoteHistories {
  /** The bucket of both servers. */
  static final String BUCKET = "chatlog-bench";

  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final Map<String, Remote> KEPT = new HashMap<>();
  private static S3ProxyServer s3;
  private static FakeGcsServer gcs;

  private RemoteHistories() {}

  /**
   * A store on a remote test server: its URI and options.
   *
   * @param uri the store URI
   * @param options the store options (endpoint, and for GCS no credentials)
   */
  public record Remote(URI uri, Map<String, String> options) {
    public Remote {
      options = Map.copyOf(options);
    }

    /** Opens the store through the facade. */
    public ChatLog open() {
      return HistoryGenerator.open(uri, options);
    }
  }

  /** Whether {@code kind} is a remote store kind ({@code s3} or {@code gcs}). */
  public static boolean isRemote(String kind) {
    return kind.equals("s3") || kind.equals("gcs");
  }

  /** The read-only history of this kind and size in this JVM, generated on first use. */
  public static synchronized Remote ensure(String kind, int chunks) {
    Remote kept = KEPT.get(kind + "-" + chunks);
    if (kept == null) {
      kept = generate(kind, chunks);
      KEPT.put(kind + "-" + chunks, kept);
    }
    return kept;
  }

  /** A new history of this kind and size in a prefix of its own, for benchmarks that write. */
  public static synchronized Remote fresh(String kind, int chunks) {
    return fresh(kind, chunks, 0);
  }

  /**
   * A new history of this kind and size in a prefix of its own, for benchmarks that write, with a
   * long session of {@code sessionLength} records when that is more than 1 (as {@link
   * HistoryGenerator#ensure(java.nio.file.Path, String, int, int)} makes on disk).
   */
  public static synchronized Remote fresh(String kind, int chunks, int sessionLength) {
    return generate(kind, chunks, sessionLength);
  }

  private static Remote generate(String kind, int chunks) {
    return generate(kind, chunks, 0);
  }

  private static Remote generate(String kind, int chunks, int sessionLength) {
    Remote remote =
        empty(
            kind,
            "history-"
                + HistoryGenerator.name(kind, chunks, sessionLength)
                + "-"
                + PREFIXES.incrementAndGet());
    try (ChunkStore store = StorageProviders.discover().open(remote.uri(), remote.options())) {
      HistoryGenerator.generate(store, chunks);
      if (sessionLength > 1) {
        HistoryGenerator.appendSession(store, chunks, sessionLength);
      }
      store.compact();
    }
    return remote;
  }

  private static Remote empty(String kind, String prefix) {
    Map<String, String> options = new HashMap<>();
    switch (kind) {
      case "s3" -> {
        options.put(EngineOptions.CACHE_FOLDER, Settings.cacheFolder(System.getenv()).toString());
        options.put(S3Options.ENDPOINT, s3().endpoint().toString());
        options.put(S3Options.PATH_STYLE, "true");
        options.put(S3Options.REGION, "us-east-1");
        return new Remote(URI.create("s3://" + BUCKET + "/" + prefix), options);
      }
      case "gcs" -> {
        options.putAll(FakeGcs.options(gcs()));
        return new Remote(URI.create("gs://" + BUCKET + "/" + prefix), options);
      }
      default ->
          throw new IllegalArgumentException(
              "Cannot generate history: store kind '" + kind + "' is not one of s3, gcs");
    }
  }

  /**
   * Stops the servers of this JVM and forgets their histories; the next use starts new ones. Each
   * benchmark's trial tear-down calls it, so that a fork can end (S3Proxy's threads would keep it
   * alive).
   */
  public static synchronized void stop() {
    KEPT.clear();
    if (s3 != null) {
      s3.close();
      s3 = null;
    }
    if (gcs != null) {
      gcs.close();
      gcs = null;
    }
  }

  /** The S3Proxy of this JVM; its credentials are in the system properties the SDK reads. */
  private static S3ProxyServer s3() {
    if (s3 == null) {
      // S3Proxy and its Jetty log each start and stop at INFO, in the middle of JMH's output.
      System.setProperty("org.slf4j.simpleLogger.log.org.gaul", "warn");
      try {
        s3 = S3ProxyServer.start(BUCKET);
      } catch (Exception e) {
        throw new IllegalStateException("Cannot start S3Proxy: " + e.getMessage(), e);
      }
    }
    return s3;
  }

  private static FakeGcsServer gcs() {
    if (gcs == null) {
      gcs = FakeGcsServer.start(BUCKET);
    }
    return gcs;
  }
}
