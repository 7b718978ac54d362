package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the distribution ships beside its jars, after package: an SBOM that describes every library
 * merged into them, a man page per command that renders, the command's own completion scripts, and
 * (with -Prelease) archives whose SHA-256 files match them.
 */
class DistributionIT {
  private static final String VERSION = VersionProvider.version();
  private static final Path DISTRIBUTION =
      Path.of(System.getProperty("chatlog.distribution", "missing"));
  private static final Path SBOM = Path.of(System.getProperty("chatlog.sbom", "missing"));
  private static final Path RELEASE = Path.of(System.getProperty("chatlog.release", "missing"));
  private static final Path MAVEN_REPOSITORY =
      Path.of(System.getProperty("chatlog.maven.repository", "missing"));

  @TempDir Path temp;

  @Test
  void sbomListsEveryLibraryMergedIntoTheDistributionsJars() throws Exception {
    JsonNode sbom = CliRunner.json(Files.readString(SBOM, UTF_8));
    assertThat(sbom.get("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(sbom.at("/metadata/component/name").asText()).isEqualTo("chatlog-cli");
    Set<String> listed = new TreeSet<>();
    // libraries that a listed one carries inside its own jar (woodstox-core holds xsdlib, for one):
    // described by the listed library's entry
    Set<String> carried = new TreeSet<>();
    for (JsonNode component : sbom.get("components")) {
      String group = component.get("group").asText();
      String name = component.get("name").asText();
      String version = component.get("version").asText();
      String library = group + ":" + name + ":" + version;
      listed.add(library);
      Path jar =
          MAVEN_REPOSITORY
              .resolve(group.replace('.', '/'))
              .resolve(name)
              .resolve(version)
              .resolve(name + "-" + version + ".jar");
      if (Files.isRegularFile(jar)) {
        carried.addAll(mergedLibraries(jar));
        carried.remove(library);
      }
    }

    Set<String> shipped = new TreeSet<>();
    try (Stream<Path> files = Files.walk(DISTRIBUTION.resolve("lib"))) {
      for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
        shipped.addAll(mergedLibraries(jar));
      }
    }
    shipped.remove("dev.chatlog:chatlog-cli:" + VERSION); // the SBOM's subject, not a component

    assertThat(shipped)
        .as("libraries in the distribution's jars (their META-INF/maven/**/pom.properties)")
        .contains("dev.chatlog:chatlog-api:" + VERSION, "dev.chatlog:chatlog-backend-s3:" + VERSION)
        .anyMatch(library -> library.startsWith("org.xerial:sqlite-jdbc:"))
        .anyMatch(library -> library.startsWith("software.amazon.awssdk:s3:"))
        .hasSizeGreaterThan(50);
    Set<String> described = new TreeSet<>(listed);
    described.addAll(carried);
    assertThat(described).containsAll(shipped);
    assertThat(listed)
        .as("the libraries in the distribution that are dependencies of their own")
        .containsAll(shipped.stream().filter(library -> !carried.contains(library)).toList());
    assertThat(listed)
        .as("only what the command runs with, nothing its tests use")
        .noneMatch(
            library ->
                library.startsWith("org.junit")
                    || library.startsWith("org.assertj")
                    || library.startsWith("org.gaul:s3proxy")
                    || library.startsWith("info.picocli:picocli-codegen"));
    assertThat(DISTRIBUTION.resolve("sbom.cdx.json")).hasSameBinaryContentAs(SBOM);
  }

  @Test
  void manPageOfEveryCommandRenders() throws Exception {
    Path man1 = DISTRIBUTION.resolve("share/man/man1");
    List<String> pages = new ArrayList<>(List.of("chatlog"));
    for (String command : ChatlogCommand.SUBCOMMANDS) {
      pages.add("chatlog-" + command);
    }
    for (String page : pages) {
      assertThat(man1.resolve(page + ".1")).isRegularFile();
    }
    assumeTrue(
        CliRunner.onPath("man") && CliRunner.onPath("groff"),
        "man or groff is not installed (Debian packages man-db and groff-base): pages not rendered");
    for (String page : pages) {
      CliRunner.Result shown =
          CliRunner.runProcess(
              List.of("man", "-l", "-E", "UTF-8", man1.resolve(page + ".1").toString()),
              Map.of(
                  "PATH", System.getenv("PATH"),
                  "MANWIDTH", "100",
                  "MANPAGER", "cat",
                  "LANG", "C.UTF-8"),
              Files.writeString(temp.resolve("empty.in"), ""),
              temp,
              60);
      String text = shown.out().replaceAll(".\b", ""); // any overstrike bold
      assertThat(shown.exitCode()).as(page + ": " + shown.err()).isZero();
      assertThat(shown.err()).as(page).isEmpty();
      assertThat(text)
          .as(page)
          .contains("NAME", "SYNOPSIS", "OPTIONS")
          .contains(page + " - ")
          .contains("--help");
    }
  }

  @Test
  void completionScriptsAreTheCommandsOwn() throws Exception {
    for (String shell : List.of("bash", "zsh", "fish")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code =
          Main.run(
              InputStream.nullInputStream(),
              new PrintStream(out, true, UTF_8),
              new PrintStream(new ByteArrayOutputStream(), true, UTF_8),
              Map.of("CHM_STORE", temp.resolve("store").toUri().toString()),
              "completion",
              shell);
      assertThat(code).isZero();
      assertThat(DISTRIBUTION.resolve("share/completion/chatlog." + shell))
          .content(UTF_8)
          .isEqualTo(out.toString(UTF_8));
    }
  }

  @Test
  void releaseArchivesMatchTheirChecksums() throws Exception {
    assumeTrue(Files.isDirectory(RELEASE), "not built with -Prelease: no release archives");
    List<String> names =
        List.of(
            "chatlog-" + VERSION + ".tar.gz",
            "chatlog-" + VERSION + ".zip",
            "chatlog-" + VERSION + ".cdx.json");
    for (String name : names) {
      Path file = RELEASE.resolve(name);
      // "<hash> *<name>", as sha256sum writes and reads it
      String[] line =
          Files.readString(RELEASE.resolve(name + ".sha256"), UTF_8).strip().split(" +");
      assertThat(line).as(name + ".sha256").hasSize(2);
      assertThat(line[1]).isEqualTo("*" + name);
      assertThat(line[0]).as(name).isEqualTo(sha256(file));
    }
    try (ZipFile zip = new ZipFile(RELEASE.resolve(names.get(1)).toFile())) {
      String root = "chatlog-" + VERSION + "/";
      for (String entry :
          List.of(
              "bin/chatlog",
              "bin/chm",
              "lib/chatlog-" + VERSION + ".jar",
              "lib/remote-stores/chatlog-remote-stores-" + VERSION + ".jar",
              "share/man/man1/chatlog.1",
              "share/completion/chatlog.bash",
              "sbom.cdx.json",
              "LICENSE")) {
        assertThat(zip.getEntry(root + entry)).as(entry).isNotNull();
      }
    }
    assertThat(RELEASE.resolve(names.get(2))).hasSameBinaryContentAs(SBOM);
  }

  /** group:artifact:version of every library whose Maven metadata a merged jar holds. */
  private static List<String> mergedLibraries(Path jar) throws IOException {
    List<String> libraries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.getName().startsWith("META-INF/maven/")
            && entry.getName().endsWith("/pom.properties")) {
          Properties properties = new Properties();
          try (InputStream in = zip.getInputStream(entry)) {
            properties.load(in);
          }
          libraries.add(
              properties.getProperty("groupId")
                  + ":"
                  + properties.getProperty("artifactId")
                  + ":"
                  + properties.getProperty("version"));
        }
      }
    }
    return libraries;
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
