package dev.chatlog.cli;

import dev.chatlog.config.TimeSpecs;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkFilter;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Model.OptionSpec;

/** The filters shared by retrieve, list and search. */
final class FilterOptions {
  private final OptionSpec project =
      Specs.value(
          String.class,
          "NAME",
          "Only chunks of this project.",
          "--project",
          "-p",
          "--project-name");
  private final OptionSpec topic =
      Specs.value(String.class, "NAME", "Only chunks of this topic.", "--topic", "-t");
  private final OptionSpec session =
      Specs.value(String.class, "ID", "Only chunks of this session.", "--session", "--session-id");
  private final OptionSpec actor =
      Specs.value(
          String.class,
          "ACTOR",
          "Only chunks where this actor speaks: user, assistant, system, tool.",
          "--actor");
  private final OptionSpec tags =
      Specs.strings(
          "TAG", null, "Only chunks with this tag (repeatable; all must match).", "--tag");
  private final OptionSpec since =
      Specs.value(
          String.class,
          "TIME",
          "Only chunks created at or after TIME: ISO-8601 (2026-11-01, 2026-11-01T10:00:00Z) or an"
              + " age (90m, 12h, 7d).",
          "--since");
  private final OptionSpec until =
      Specs.value(
          String.class, "TIME", "Only chunks created before TIME, as for --since.", "--until");

  private final OptionSpec source =
      Specs.value(
          String.class,
          "NAME",
          "Only chunks saved by this source: cli, an importer (chatgpt, claude-code, ...), an"
              + " editor.",
          "--source");
  private final OptionSpec labels =
      Specs.strings(
          "KEY=VALUE",
          null,
          "Only chunks with this label, e.g. adr=0005 (repeatable; all must match).",
          "--label");
  private ChatlogSubcommand command;

  /** Adds these options to a command. */
  void addTo(ChatlogSubcommand command) {
    this.command = command;
    command.add(project, topic, session, actor, tags, since, until, source, labels);
  }

  /** The filter these options describe; a bad actor or time is an invalid-input error. */
  ChunkFilter toFilter(Clock clock) {
    ChunkFilter filter =
        ChunkFilter.all()
            .withProject(blankToNull(project.getValue()))
            .withTopic(blankToNull(topic.getValue()))
            .withSession(blankToNull(session.getValue()))
            .withTags(new LinkedHashSet<>(Specs.values(tags)));
    String actorName = actor.getValue();
    if (actorName != null) {
      filter = filter.withActor(Actor.of(actorName));
    }
    String sinceTime = since.getValue();
    if (sinceTime != null) {
      filter = filter.withSince(TimeSpecs.parse(sinceTime, clock));
    }
    String untilTime = until.getValue();
    if (untilTime != null) {
      filter = filter.withUntil(TimeSpecs.parse(untilTime, clock));
    }
    if (filter.since() != null
        && filter.until() != null
        && !filter.since().isBefore(filter.until())) {
      throw command.usage(
          "Cannot use --since "
              + sinceTime
              + " with --until "
              + untilTime
              + ": nothing is created at or after "
              + filter.since()
              + " and before "
              + filter.until());
    }
    Map<String, Set<String>> wanted = new TreeMap<>();
    for (String label : Specs.values(labels)) {
      int equals = label.indexOf('=');
      if (equals <= 0 || equals == label.length() - 1) {
        throw command.usage(
            "Cannot use --label '" + label + "': expected KEY=VALUE, e.g. adr=0005");
      }
      wanted
          .computeIfAbsent(label.substring(0, equals).strip(), key -> new LinkedHashSet<>())
          .add(label.substring(equals + 1).strip());
    }
    return filter.withSource(blankToNull(source.getValue())).withLabels(wanted);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
