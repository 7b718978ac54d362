package dev.chatlog;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.Labels;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a user saves: content plus metadata. The facade turns it into one or more chunk drafts.
 * Build one with {@link #of(String)} and the {@code with...} methods.
 *
 * <p>Names (project, topic, session, source, tags, label values) are trimmed and must then be 1 to
 * {@value #MAX_NAME_LENGTH} characters without control characters; they never become paths, so
 * {@code /} is allowed. Label keys match {@code [a-z0-9][a-z0-9._-]*}. The summary is one line.
 * Content must not contain NUL characters; a save refuses blank content.
 *
 * @param project project name, {@code default} when {@code null}
 * @param topic topic name, {@code default} when {@code null}
 * @param session the conversation; when {@code null}, the day it was written on ({@code
 *     2026-12-06}, the local date of {@code created} or of now): a save without a session joins
 *     that day's conversation of its project and topic
 * @param actors who speaks, {@code [user]} when {@code null} or empty
 * @param source what saves it, {@code cli} when {@code null}
 * @param tags free tags, duplicates dropped
 * @param summary one-line summary, empty when {@code null}
 * @param labels key to values
 * @param content the Markdown content, kept exactly as given
 * @param created when it was written; {@code null} means at save time
 * @since 0.1.0
 */
public record SaveRequest(
    String project,
    String topic,
    String session,
    List<Actor> actors,
    String source,
    List<String> tags,
    String summary,
    Map<String, List<String>> labels,
    String content,
    Instant created) {

  /** Longest name after trimming. */
  public static final int MAX_NAME_LENGTH = 200;

  /** The project and topic used when none is given. */
  public static final String DEFAULT_NAME = "default";

  /** The source used when none is given. */
  public static final String DEFAULT_SOURCE = "cli";

  private static final Pattern LABEL_KEY = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  public SaveRequest {
    requireNonNull(content, "content is null");
    int nul = content.indexOf('\0');
    if (nul >= 0) {
      throw new InvalidInputException(
          "Cannot save: the input contains a NUL character at position " + nul);
    }
    project = name("project", project == null ? DEFAULT_NAME : project);
    topic = name("topic", topic == null ? DEFAULT_NAME : topic);
    session = name("session", session == null ? dayOf(created) : session);
    source = name("source", source == null ? DEFAULT_SOURCE : source);
    actors = actors == null || actors.isEmpty() ? List.of(Actor.USER) : distinct(actors);
    List<String> cleanTags = new ArrayList<>();
    for (String tag : tags == null ? List.<String>of() : tags) {
      cleanTags.add(name("tag", requireNonNull(tag, "tag is null")));
    }
    tags = distinct(cleanTags);
    summary = summary == null ? "" : summary.strip();
    if (hasControl(summary)) {
      throw new InvalidInputException(
          "Cannot save: the summary must be one line without control characters");
    }
    labels = cleanLabels(labels);
  }

  /** The session of a save that names none: the local date it was written on. */
  public static String dayOf(Instant created) {
    return LocalDate.ofInstant(created == null ? Instant.now() : created, ZoneId.systemDefault())
        .toString();
  }

  /** A request to save this content with every other field at its default. */
  public static SaveRequest of(String content) {
    return new SaveRequest(null, null, null, null, null, null, null, null, content, null);
  }

  /**
   * A request without content and every field at its default: the metadata of a save whose text
   * comes from a stream ({@link ChatLog#save(SaveRequest, java.io.Reader, SaveProgress)}), or a
   * start for {@link #withContent}.
   */
  public static SaveRequest empty() {
    return of("");
  }

  /**
   * Refuses content that is blank, which no save takes.
   *
   * @throws InvalidInputException when the content is empty or only white space
   */
  SaveRequest requireContent() {
    if (content.isBlank()) {
      throw new InvalidInputException("Cannot save: the input is empty");
    }
    return this;
  }

  public SaveRequest withProject(String value) {
    return new SaveRequest(
        value, topic, session, actors, source, tags, summary, labels, content, created);
  }

  public SaveRequest withTopic(String value) {
    return new SaveRequest(
        project, value, session, actors, source, tags, summary, labels, content, created);
  }

  public SaveRequest withSession(String value) {
    return new SaveRequest(
        project, topic, value, actors, source, tags, summary, labels, content, created);
  }

  public SaveRequest withActors(List<Actor> value) {
    return new SaveRequest(
        project, topic, session, value, source, tags, summary, labels, content, created);
  }

  public SaveRequest withSource(String value) {
    return new SaveRequest(
        project, topic, session, actors, value, tags, summary, labels, content, created);
  }

  public SaveRequest withTags(List<String> value) {
    return new SaveRequest(
        project, topic, session, actors, source, value, summary, labels, content, created);
  }

  public SaveRequest withSummary(String value) {
    return new SaveRequest(
        project, topic, session, actors, source, tags, value, labels, content, created);
  }

  public SaveRequest withLabels(Map<String, List<String>> value) {
    return new SaveRequest(
        project, topic, session, actors, source, tags, summary, value, content, created);
  }

  public SaveRequest withContent(String value) {
    return new SaveRequest(
        project, topic, session, actors, source, tags, summary, labels, value, created);
  }

  public SaveRequest withCreated(Instant value) {
    return new SaveRequest(
        project, topic, session, actors, source, tags, summary, labels, content, value);
  }

  private static String name(String what, String value) {
    String name = value.strip();
    if (name.isEmpty()) {
      throw new InvalidInputException("Cannot save: the " + what + " name is empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidInputException(
          "Cannot save: the "
              + what
              + " name is "
              + name.length()
              + " characters long; at most "
              + MAX_NAME_LENGTH
              + " are allowed");
    }
    if (hasControl(name)) {
      throw new InvalidInputException(
          "Cannot save: the " + what + " name '" + printable(name) + "' has a control character");
    }
    return name;
  }

  private static Map<String, List<String>> cleanLabels(Map<String, List<String>> labels) {
    if (labels == null) {
      return Map.of();
    }
    Map<String, List<String>> clean = new TreeMap<>();
    for (Map.Entry<String, List<String>> label : labels.entrySet()) {
      String key = requireNonNull(label.getKey(), "label key is null");
      if (!LABEL_KEY.matcher(key).matches()) {
        throw new InvalidInputException(
            "Cannot save: label key '" + printable(key) + "' must match [a-z0-9][a-z0-9._-]*");
      }
      List<String> cleanValues = new ArrayList<>();
      for (String value : requireNonNull(label.getValue(), "label values are null")) {
        cleanValues.add(name("label " + key, requireNonNull(value, "label value is null")));
      }
      clean.put(key, distinct(cleanValues));
    }
    return Labels.copyOf(clean);
  }

  private static <T> List<T> distinct(List<T> values) {
    return List.copyOf(new LinkedHashSet<>(values));
  }

  private static boolean hasControl(String text) {
    return text.chars().anyMatch(Character::isISOControl);
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
