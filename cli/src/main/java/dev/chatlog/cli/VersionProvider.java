package dev.chatlog.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code --version} prints: the version, the commit it was built from (with {@code git
 * describe}'s name of it when that says more) and the build time, from a resource written at build
 * time, then the Java that runs it.
 */
public final class VersionProvider implements CommandLine.IVersionProvider {
  private static final String RESOURCE = "version.properties";
  private static final String UNKNOWN = "unknown";

  @Override
  public String[] getVersion() {
    Properties build = properties();
    String commit = value(build, "commit");
    String describe = value(build, "describe");
    String commitLine = "commit " + commit;
    if (!describe.equals(UNKNOWN) && !describe.equals(commit)) {
      commitLine += " (" + describe + ")";
    }
    return new String[] {
      "${COMMAND-FULL-NAME} " + value(build, "version"),
      commitLine + ", built " + value(build, "built"),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  /** This build's version, e.g. {@code 0.1.0}. */
  static String version() {
    return value(properties(), "version");
  }

  /** This build: its version and commit, which tell apart two builds of one version. */
  static String build() {
    Properties build = properties();
    return value(build, "version") + " " + value(build, "commit");
  }

  /**
   * One value of the build's resource: {@code unknown} when it is missing, or when the build had no
   * value for it (a source tree without git leaves the placeholder).
   */
  private static String value(Properties build, String name) {
    String value = build.getProperty(name, UNKNOWN).strip();
    return value.isEmpty() || value.startsWith("${") ? UNKNOWN : value;
  }

  private static Properties properties() {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
    return properties;
  }
}
