package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.gcs.FakeGcs;
import dev.chatlog.gcs.FakeGcsServer;
import dev.chatlog.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jars the distribution ships run as a user runs them, in a child JVM with only the command's
 * jar on its class path, on every kind of store: the file and SQLite stores come from that jar and
 * never load a class of {@code lib/remote-stores/}; the S3 and GCS stores and their SDKs are loaded
 * from there, and work.
 */
class PackagedJarIT {
  private static final String BUCKET = "chatlog-packaged";
  private static final Path JAR =
      Path.of(System.getProperty("chatlog.distribution", "missing"))
          .resolve("lib")
          .resolve("chatlog-" + VersionProvider.version() + ".jar");

  private static S3ProxyServer s3;
  private static FakeGcsServer gcs;

  @TempDir Path temp;

  @BeforeAll
  static void startServers() throws Exception {
    assertThat(JAR).as("the packaged jar (run by failsafe after package)").isRegularFile();
    assertThat(JAR.resolveSibling(StoreProviders.REMOTE_STORES)).isDirectory();
    s3 = S3ProxyServer.start(BUCKET);
    gcs = FakeGcsServer.start(FakeGcs.BUCKET);
  }

  @AfterAll
  static void stopServers() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (gcs != null) {
      gcs.close();
    }
  }

  @Test
  void savesAndFindsAgainOnTheFileStore() throws Exception {
    Map<String, String> env = Map.of("CHM_STORE", temp.resolve("store").toUri().toString());

    savesRetrievesAndSearches(env);
    assertThat(classesFromRemoteStores()).isZero();
    assertThat(
            classesLoaded("save", "ch.qos.logback.") + classesLoaded("retrieve", "ch.qos.logback."))
        .as("a save or retrieve that logs nothing never starts the logging backend (about 40 ms)")
        .isZero();
  }

  @Test
  void savesAndFindsAgainOnSqlite() throws Exception {
    Map<String, String> env = Map.of("CHM_STORE", "sqlite://" + temp.resolve("chatlog.db"));

    savesRetrievesAndSearches(env);
    assertThat(classesFromRemoteStores()).isZero();
  }

  @Test
  void savesAndFindsAgainOnS3() throws Exception {
    Map<String, String> env = new HashMap<>(S3ProxyServer.credentialsEnvironment());
    env.put(
        "CHM_STORE", CliRunner.s3Uri(BUCKET, "p-" + UUID.randomUUID(), s3.endpoint().toString()));

    savesRetrievesAndSearches(env);
    assertThat(classesFromRemoteStores()).isPositive();
  }

  @Test
  void savesAndFindsAgainOnGcs() throws Exception {
    Map<String, String> env =
        Map.of("CHM_STORE", FakeGcs.freshUri() + "?endpoint=" + gcs.endpoint() + "&no-auth=true");

    savesRetrievesAndSearches(env);
  }

  private void savesRetrievesAndSearches(Map<String, String> store) throws Exception {
    Map<String, String> env = new HashMap<>(store);
    env.put("HOME", temp.toString());
    env.put("XDG_CACHE_HOME", temp.resolve("cache").toString());

    CliRunner.Result saved =
        run(env, "the packaged jar keeps this note\n", "save", "-p", "packaged");
    CliRunner.Result retrieved = run(env, "", "retrieve", "-p", "packaged");
    CliRunner.Result found = run(env, "", "search", "packaged", "jar");

    assertThat(saved.exitCode()).as(saved.err()).isZero();
    assertThat(retrieved.exitCode()).as(retrieved.err()).isZero();
    assertThat(retrieved.out()).contains("the packaged jar keeps this note");
    assertThat(found.exitCode()).as(found.err()).isZero();
    assertThat(found.out()).contains(saved.out().strip());
    assertThat(saved.err() + retrieved.err() + found.err()).isEmpty();
  }

  /** How many classes the runs of this test loaded from the jars of remote-stores/. */
  private long classesFromRemoteStores() throws Exception {
    return classLoadLines("", JAR.resolveSibling(StoreProviders.REMOTE_STORES).toString());
  }

  /** How many classes whose name starts with {@code prefix} the runs of {@code command} loaded. */
  private long classesLoaded(String command, String prefix) throws Exception {
    return classLoadLines(command + "-", " " + prefix);
  }

  /** How many lines of the class-load logs of runs whose command starts so contain {@code text}. */
  private long classLoadLines(String command, String text) throws Exception {
    long count = 0;
    try (Stream<Path> logs = Files.list(temp)) {
      for (Path log : (Iterable<Path>) logs::iterator) {
        if (log.getFileName().toString().startsWith("classes-" + command)) {
          try (Stream<String> lines = Files.lines(log)) {
            count += lines.filter(line -> line.contains(text)).count();
          }
        }
      }
    }
    return count;
  }

  private CliRunner.Result run(Map<String, String> env, String stdin, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("--enable-native-access=ALL-UNNAMED"); // as bin/chatlog starts it
    command.add(
        "-Xlog:class+load:file="
            + temp.resolve("classes-" + args[0] + "-" + UUID.randomUUID() + ".log"));
    command.add("-cp");
    command.add(JAR.toString());
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Path in = Files.writeString(temp.resolve("stdin-" + UUID.randomUUID()), stdin, UTF_8);
    return CliRunner.runProcess(command, env, in, temp, 120);
  }
}
