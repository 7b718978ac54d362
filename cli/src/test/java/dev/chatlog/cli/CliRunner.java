package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatlog.gcs.FakeGcs;
import dev.chatlog.gcs.FakeGcsServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the command in-process against a store in a temporary folder, as a user would. */
final class CliRunner {
  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    /** The non-empty lines of stdout. */
    List<String> outLines() {
      return out.lines().filter(line -> !line.isBlank()).toList();
    }
  }

  private final Path store;
  private final Map<String, String> env = new HashMap<>();

  CliRunner(Path store) {
    this.store = store;
    env.put("CHM_STORE", store.toUri().toString());
    env.put("HOME", store.getParent().toString());
    env.put("XDG_CACHE_HOME", store.getParent().resolve("cache").toString());
  }

  Path store() {
    return store;
  }

  /** Sets (or with {@code null}, removes) one environment variable for later runs. */
  CliRunner env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  /**
   * Points later runs at the prefix {@code prefix} of {@code bucket} on an S3 server on loopback
   * (an in-process S3Proxy), with its probe cache beside the store folder.
   */
  CliRunner onS3(URI endpoint, String bucket, String prefix) {
    env("CHM_STORE", s3Uri(bucket, prefix, endpoint.toString()));
    return env("CHM_S3_PROBE_CACHE", store.resolveSibling("probe-cache").toString());
  }

  /** Points later runs at the prefix {@code prefix} of the fake GCS server's bucket. */
  CliRunner onGcs(FakeGcsServer server, String prefix) {
    env.putAll(gcsEnvironment(server, prefix));
    return this;
  }

  /** The store URI of a prefix of a bucket on an S3 server on loopback: path style, one region. */
  static String s3Uri(String bucket, String prefix, String endpoint) {
    return "s3://"
        + bucket
        + "/"
        + prefix
        + "?endpoint="
        + endpoint
        + "&path-style=true&region=us-east-1";
  }

  /**
   * The environment of a store on the prefix {@code prefix} of the fake GCS server's bucket ({@link
   * FakeGcs#BUCKET}): its endpoint, no credentials, quick retries.
   */
  static Map<String, String> gcsEnvironment(FakeGcsServer server, String prefix) {
    return Map.of(
        "CHM_STORE",
        "gs://" + FakeGcs.BUCKET + "/" + prefix,
        "CHM_GCS_ENDPOINT",
        server.endpoint(),
        "CHM_GCS_NO_AUTH",
        "true",
        "CHM_GCS_MAX_ATTEMPTS",
        "3");
  }

  Result run(String... args) {
    return runWithInput(new byte[0], args);
  }

  Result runWithInput(String stdin, String... args) {
    return runWithInput(stdin.getBytes(UTF_8), args);
  }

  Result runWithInput(byte[] stdin, String... args) {
    return runAs("chatlog", stdin, args);
  }

  /** Runs with standard output on a terminal, as a user at a shell sees it. */
  Result runOnTerminal(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            "chatlog",
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            Map.copyOf(env),
            true,
            args);
    return new Result(code, out.toString(UTF_8), err.toString(UTF_8));
  }

  /** Runs as if the launcher was called by another name. */
  Result runAs(String programName, String... args) {
    return runAs(programName, new byte[0], args);
  }

  private Result runAs(String programName, byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            programName,
            new ByteArrayInputStream(stdin),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            Map.copyOf(env),
            args);
    return new Result(code, out.toString(UTF_8), err.toString(UTF_8));
  }

  /**
   * Runs the command in a child JVM with empty stdin, so that what the engine logs reaches the real
   * stderr exactly as a user sees it.
   */
  Result runInChild(Map<String, String> extraEnv, String... args) throws Exception {
    return runInChild(Files.write(store.resolveSibling("child.in"), new byte[0]), extraEnv, args);
  }

  /**
   * Runs the command in a child JVM that reads {@code stdin}, with the store's {@code CHM_STORE}
   * and {@code HOME} and the given variables as its whole environment.
   */
  Result runInChild(Path stdin, Map<String, String> extraEnv, String... args) throws Exception {
    return runInChild("256m", stdin, extraEnv, args);
  }

  /** As {@link #runInChild(Path, Map, String...)}, in a JVM of at most {@code heap} memory. */
  Result runInChild(String heap, Path stdin, Map<String, String> extraEnv, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Map<String, String> env = new HashMap<>();
    env.put("CHM_STORE", store.toUri().toString());
    env.put("HOME", store.getParent().toString());
    env.putAll(extraEnv);
    return runProcess(command, env, stdin, store.getParent(), 120);
  }

  /**
   * Runs a command as a child process with {@code env} as its whole environment, {@code stdin} as
   * its input, and its output and errors kept in files of {@code folder}.
   *
   * @throws AssertionError when it does not finish within {@code timeoutSeconds}
   */
  static Result runProcess(
      List<String> command, Map<String, String> env, Path stdin, Path folder, int timeoutSeconds)
      throws Exception {
    Path out = Files.createTempFile(folder, "child", ".out");
    Path err = Files.createTempFile(folder, "child", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(stdin.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
    }
    return new Result(
        process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
  }

  /** Whether a program of this name is on the {@code PATH}. */
  static boolean onPath(String program) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(folder.isEmpty() ? "." : folder, program))) {
        return true;
      }
    }
    return false;
  }

  /** The one file under {@code root} whose name ends in {@code suffix}. */
  static Path only(Path root, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
      assertThat(found).as("files ending in " + suffix + " under " + root).hasSize(1);
      return found.get(0);
    }
  }

  /** Saves text and returns the single id printed. */
  String save(String text, String... args) {
    Result result = runWithInput(text, prepend("save", args));
    if (result.exitCode() != 0 || result.outLines().size() != 1) {
      throw new AssertionError("save failed: " + result);
    }
    return result.outLines().get(0);
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  /** Parses JSON output. */
  static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  /** Every file and folder under a root with the SHA-256 of each file's bytes. */
  static Map<String, String> snapshot(Path root) {
    Map<String, String> tree = new TreeMap<>();
    if (!Files.exists(root)) {
      return tree;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        String name = root.relativize(path).toString();
        tree.put(name, Files.isDirectory(path) ? "dir" : sha256(Files.readAllBytes(path)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tree;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
