package dev.chatlog.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image tar that cli's {@code image} profile builds with Jib, read without a Docker
 * engine: its configuration (non-root user, entrypoint, writable paths as volumes) and its layers
 * (the distribution in /opt/chatlog and nothing else of the build).
 */
class ImageTest {
  private static final Path IMAGE = Path.of("..", "cli", "target", "chatlog-image.tar");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, byte[]> entries;
  private static JsonNode config;

  @BeforeAll
  static void readImage() throws IOException {
    assumeTrue(
        Files.isRegularFile(IMAGE),
        "needs the image tar: ./mvnw -B -Pimage -Dchatlog.image.base=scratch -pl cli -am package");
    try (InputStream in = Files.newInputStream(IMAGE)) {
      entries = Tar.read(in);
    }
    JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
    config = JSON.readTree(entries.get(manifest.path("Config").asText())).path("config");
  }

  @Test
  void itRunsTheCommandAsANonRootUser() {
    assertThat(config.path("User").asText()).isEqualTo("10001:10001");
    List<String> entrypoint = new ArrayList<>();
    config.path("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
    assertThat(entrypoint)
        .startsWith("java")
        .containsSequence("-cp", "/opt/chatlog/lib/*", "dev.chatlog.cli.Main");
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/data");
  }

  @Test
  void itWritesOnlyToItsVolumes() {
    List<String> env = new ArrayList<>();
    config.path("Env").forEach(value -> env.add(value.asText()));
    assertThat(env)
        .contains("XDG_DATA_HOME=/data", "XDG_CACHE_HOME=/tmp/cache", "HOME=/tmp")
        .contains("CHM_LOG_FORMAT=json");
    List<String> volumes = new ArrayList<>();
    config.path("Volumes").fieldNames().forEachRemaining(volumes::add);
    assertThat(volumes).containsExactlyInAnyOrder("/data", "/tmp");
  }

  @Test
  void itsLayersHoldTheDistributionOnly() throws IOException {
    List<String> files = new ArrayList<>();
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      if (entry.getKey().endsWith(".tar.gz")) {
        try (InputStream layer =
            new GZIPInputStream(new java.io.ByteArrayInputStream(entry.getValue()))) {
          files.addAll(Tar.read(layer).keySet());
        }
      }
    }
    assertThat(files)
        .contains("opt/chatlog/bin/chatlog", "opt/chatlog/bin/chm", "usr/local/bin/chatlog")
        .anyMatch(f -> f.matches("opt/chatlog/lib/chatlog-[^/]+\\.jar"))
        .anyMatch(f -> f.matches("opt/chatlog/lib/remote-stores/chatlog-remote-stores-[^/]+\\.jar"))
        .noneMatch(f -> f.startsWith("app/"))
        .noneMatch(f -> f.startsWith("opt/chatlog/start"));
  }

  /** A minimal reader of ustar archives: regular files by name. */
  static final class Tar {
    private Tar() {}

    static Map<String, byte[]> read(InputStream in) throws IOException {
      Map<String, byte[]> files = new HashMap<>();
      byte[] header = new byte[512];
      String longName = null;
      while (in.readNBytes(header, 0, 512) == 512) {
        if (header[0] == 0) {
          break;
        }
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        long size =
            Long.parseLong(
                field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
        char type = (char) header[156];
        byte[] body = in.readNBytes((int) size);
        in.skipNBytes((512 - size % 512) % 512);
        if (type == 'L') {
          longName = new String(body, StandardCharsets.UTF_8).replace("\0", "");
          continue;
        }
        String full = longName != null ? longName : (prefix.isEmpty() ? name : prefix + "/" + name);
        longName = null;
        if (type == '0' || type == 0) {
          files.put(full.startsWith("/") ? full.substring(1) : full, body);
        }
      }
      return files;
    }

    private static String field(byte[] header, int offset, int length) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = offset; i < offset + length && header[i] != 0; i++) {
        out.write(header[i]);
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
