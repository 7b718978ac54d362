package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SubcommandSelectionTest {
  @TempDir Path temp;

  @Test
  void everySubcommandIsListedUnderItsOwnName() {
    try (CliContext context = context()) {
      ChatlogCommand.SUBCOMMANDS.forEach(
          name -> assertThat(ChatlogCommand.subcommand(name, context).spec.name()).isEqualTo(name));
    }
  }

  @Test
  void anUnknownNameIsRefused() {
    try (CliContext context = context()) {
      assertThatThrownBy(() -> ChatlogCommand.subcommand("retrive", context))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("No subcommand retrive");
    }
  }

  @Test
  void aNamedSubcommandIsTheOnlyOneBuilt() {
    try (CliContext context = context()) {
      CommandLine commandLine = Main.commandLine(context, "--verbose", "retrieve", "save");

      assertThat(commandLine.getCommandName()).isEqualTo("chatlog retrieve");
      assertThat(commandLine.getSubcommands()).isEmpty();
      assertThat(Main.commandArgs("--verbose", "retrieve", "save"))
          .containsExactly("--verbose", "save");
    }
  }

  @Test
  void rootHelpUnknownCommandsAndOtherRootOptionsGetEverySubcommand() {
    try (CliContext context = context()) {
      for (String[] args :
          new String[][] {{}, {"--help"}, {"--verbose"}, {"retrive"}, {"-V", "save"}}) {
        Map<String, CommandLine> subcommands = Main.commandLine(context, args).getSubcommands();
        assertThat(subcommands.keySet())
            .as(String.join(" ", args))
            .containsExactlyElementsOf(ChatlogCommand.SUBCOMMANDS);
      }
    }
  }

  @Test
  void rootHelpListsEveryCommand() {
    CliRunner.Result result = new CliRunner(temp.resolve("store")).run("--help");

    assertThat(result.exitCode()).isZero();
    ChatlogCommand.SUBCOMMANDS.forEach(name -> assertThat(result.out()).contains(name));
  }

  private CliContext context() {
    return new CliContext(
        "chatlog",
        new ByteArrayInputStream(new byte[0]),
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()),
        Map.of("CHM_STORE", temp.resolve("store").toUri().toString()));
  }
}
