package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes what the distribution ships beside the command, made from the same command model the
 * command runs: {@code completion/chatlog.bash|zsh|fish} and {@code man-adoc/chatlog*.adoc}, the
 * AsciiDoc of a man page per command that cli/pom.xml renders with Asciidoctor. Run by the build
 * (exec-maven-plugin) with the output folder as its one argument.
 */
public final class DistributionDocs {
  private DistributionDocs() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("Usage: DistributionDocs OUTPUT_FOLDER");
    }
    write(Path.of(args[0]));
  }

  /** Writes the completion scripts and man page sources under {@code folder}. */
  static void write(Path folder) throws IOException {
    PrintWriter discard = new PrintWriter(new OutputStreamWriter(System.err, UTF_8));
    try (CliContext context =
        new CliContext(
            CompletionCommand.COMMAND,
            new ByteArrayInputStream(new byte[0]),
            discard,
            discard,
            Map.of())) {
      CommandLine whole = Main.commandLine(context);
      Path completion = Files.createDirectories(folder.resolve("completion"));
      for (CompletionCommand.Shell shell : CompletionCommand.Shell.values()) {
        Files.writeString(
            completion.resolve(CompletionCommand.COMMAND + "." + shell),
            CompletionCommand.script(shell, whole),
            UTF_8);
      }
      Path man = Files.createDirectories(folder.resolve("man-adoc"));
      int status =
          ManPageGenerator.generateManPage(
              man.toFile(), null, new boolean[0], true, whole.getCommandSpec());
      if (status != CommandLine.ExitCode.OK) {
        throw new IOException("Cannot write the man pages to " + man + ": status " + status);
      }
    }
  }
}
