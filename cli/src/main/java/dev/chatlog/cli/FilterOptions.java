package dev.chatlog.cli;

import dev.chatlog.config.TimeSpecs;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkFilter;
import java.time.Clock;
import java.util.LinkedHashSet;
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

  /** Adds these options to a command. */
  void addTo(ChatlogSubcommand command) {
    command.add(project, topic, session, actor, tags, since, until);
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
    return filter;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
