package dev.chatlog.cli;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkFilter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** The filters shared by retrieve, list and search. */
final class FilterOptions {
  @Option(
      names = {"--project", "-p", "--project-name"},
      paramLabel = "NAME",
      description = "Only chunks of this project.")
  String project;

  @Option(
      names = {"--topic", "-t"},
      paramLabel = "NAME",
      description = "Only chunks of this topic.")
  String topic;

  @Option(
      names = {"--session", "--session-id"},
      paramLabel = "ID",
      description = "Only chunks of this session.")
  String session;

  @Option(
      names = "--actor",
      paramLabel = "ACTOR",
      description = "Only chunks where this actor speaks: user, assistant, system, tool.")
  String actor;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "Only chunks with this tag (repeatable; all must match).")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description =
          "Only chunks created at or after TIME: ISO-8601 (2026-11-01, 2026-11-01T10:00:00Z) or an age (90m, 12h, 7d).")
  String since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      description = "Only chunks created before TIME, as for --since.")
  String until;

  /** The filter these options describe; a bad actor or time is an invalid-input error. */
  ChunkFilter toFilter(Clock clock) {
    ChunkFilter filter =
        ChunkFilter.all()
            .withProject(blankToNull(project))
            .withTopic(blankToNull(topic))
            .withSession(blankToNull(session))
            .withTags(new LinkedHashSet<>(tags));
    if (actor != null) {
      filter = filter.withActor(Actor.of(actor));
    }
    if (since != null) {
      filter = filter.withSince(TimeSpec.parse(since, clock));
    }
    if (until != null) {
      filter = filter.withUntil(TimeSpec.parse(until, clock));
    }
    return filter;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
