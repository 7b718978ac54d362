package dev.chatlog.apicheck;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import japicmp.cmp.JApiCmpArchive;
import japicmp.cmp.JarArchiveComparator;
import japicmp.cmp.JarArchiveComparatorOptions;
import japicmp.config.Options;
import japicmp.exception.JApiCmpException;
import japicmp.model.AccessModifier;
import japicmp.model.JApiClass;
import japicmp.output.incompatible.IncompatibleErrorOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The API check of the build (profile api-check of the root pom.xml, japicmp against the last
 * release) works before there is a release: with the parameters that profile gives japicmp, read
 * from the pom, a baseline jar compiled here and a new one, it fails on a removed public method and
 * passes an added one and the removal of what the baseline deprecated
 * (docs/policies/deprecation.md).
 */
class ApiCompatibilityCheckTest {
  private static final String BASELINE =
      """
      package demo;

      public class Greeter {
        public String hello() { return "hello"; }

        public String bye() { return "bye"; }

        /** @deprecated use hello */
        @Deprecated(since = "0.1.0", forRemoval = true)
        public String hi() { return "hi"; }
      }
      """;

  @TempDir Path temp;

  private Element parameters;
  private Path baseline;

  @BeforeEach
  void setUp() throws Exception {
    parameters = apiCheckParameters();
    baseline = jar("baseline", BASELINE);
  }

  @Test
  void theBuildComparesPublicApiAndBreaksOnIncompatibleChanges() {
    assertThat(text("breakBuildOnBinaryIncompatibleModifications")).isEqualTo("true");
    assertThat(text("breakBuildOnSourceIncompatibleModifications")).isEqualTo("true");
    assertThat(text("accessModifier")).isEqualTo("protected");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "public String bye() { return \"bye\"; }||demo.Greeter.bye():METHOD_REMOVED",
        "public String bye()|private String bye()|demo.Greeter.bye():METHOD_LESS_ACCESSIBLE"
      })
  void removingOrHidingAPublicMethodFailsTheCheck(String before, String after, String reported)
      throws Exception {
    Path changed = jar("changed", BASELINE.replace(before, after == null ? "" : after));

    assertThatThrownBy(() -> check(baseline, changed))
        .isInstanceOf(JApiCmpException.class)
        .hasMessageContaining(reported);
  }

  @Test
  void addingAMethodPasses() throws Exception {
    Path changed =
        jar(
            "changed",
            BASELINE.replace(
                "public String bye()",
                "public String welcome() { return \"hi\"; }\n public String bye()"));

    assertThatCode(() -> check(baseline, changed)).doesNotThrowAnyException();
  }

  @Test
  void removingWhatTheBaselineDeprecatedPasses() throws Exception {
    Path changed = jar("changed", BASELINE.replaceAll("(?s)/\\*\\* @deprecated.*?\"hi\"; }", ""));

    assertThatCode(() -> check(baseline, changed)).doesNotThrowAnyException();
  }

  /** Compares two jars as the build does, failing as the build fails. */
  private void check(Path old, Path changed) {
    Options options = Options.newDefault();
    options.setAccessModifier(AccessModifier.valueOf(text("accessModifier").toUpperCase()));
    options.setOutputOnlyModifications(Boolean.parseBoolean(text("onlyModified")));
    options.setErrorOnBinaryIncompatibility(
        Boolean.parseBoolean(text("breakBuildOnBinaryIncompatibleModifications")));
    options.setErrorOnSourceIncompatibility(
        Boolean.parseBoolean(text("breakBuildOnSourceIncompatibleModifications")));
    for (String exclude : list("excludes", "exclude")) {
      options.addExcludeFromArgument(Optional.of(exclude), false);
    }
    options.setOldArchives(List.of(new JApiCmpArchive(old.toFile(), "0.1.0")));
    options.setNewArchives(List.of(new JApiCmpArchive(changed.toFile(), "0.2.0")));
    JarArchiveComparator comparator =
        new JarArchiveComparator(JarArchiveComparatorOptions.of(options));
    List<JApiClass> classes =
        comparator.compare(options.getOldArchives(), options.getNewArchives());
    new IncompatibleErrorOutput(options, classes, comparator).generate();
  }

  /** The japicmp parameters of the api-check profile of the root pom.xml. */
  private static Element apiCheckParameters() throws Exception {
    Path pom = Path.of("..", "pom.xml");
    Document document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList profiles = document.getElementsByTagName("profile");
    for (int i = 0; i < profiles.getLength(); i++) {
      Element profile = (Element) profiles.item(i);
      if ("api-check".equals(child(profile, "id").getTextContent().strip())) {
        return (Element) profile.getElementsByTagName("parameter").item(0);
      }
    }
    throw new AssertionError("no profile api-check in " + pom.toAbsolutePath());
  }

  private static Element child(Element parent, String name) {
    return (Element) parent.getElementsByTagName(name).item(0);
  }

  private String text(String name) {
    Element element = child(parameters, name);
    assertThat(element).as("parameter " + name + " of the api-check profile").isNotNull();
    return element.getTextContent().strip();
  }

  private List<String> list(String name, String item) {
    List<String> values = new ArrayList<>();
    NodeList nodes = child(parameters, name).getElementsByTagName(item);
    for (int i = 0; i < nodes.getLength(); i++) {
      values.add(nodes.item(i).getTextContent().strip());
    }
    return values;
  }

  /** A jar of the one class {@code source} holds, compiled for Java 17. */
  private Path jar(String name, String source) throws IOException {
    Path sources = Files.createDirectories(temp.resolve(name + "-src/demo"));
    Path classes = Files.createDirectories(temp.resolve(name + "-classes"));
    Path file = Files.writeString(sources.resolve("Greeter.java"), source, UTF_8);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status =
        compiler.run(
            null,
            OutputStream.nullOutputStream(),
            errors,
            "--release",
            "17",
            "-d",
            classes.toString(),
            file.toString());
    assertThat(status).as(errors.toString(UTF_8)).isZero();
    Path jar = temp.resolve(name + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
