package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import dev.chatlog.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs of one JVM (tests, embedders) share one logging backend: a line a thread of an earlier run
 * logs (an HTTP client's idle-connection reaper, stopping) reaches the stderr of the run current
 * when it is written only at that run's level.
 */
class LogRunsTest {
  private static final String REAPER = "software.amazon.awssdk.http.IdleConnectionReaper";

  @AfterEach
  void backToDefaults() {
    LogSetup.configure(Settings.from(Map.of()), System.err, "chatlog");
  }

  private static PrintStream into(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, UTF_8);
  }

  /** The event a logger of the reaper makes once it has passed its level check. */
  private static LoggingEvent event(Logger logger, Level level, String message) {
    return new LoggingEvent(Logger.class.getName(), logger, level, message, null, null);
  }

  @Test
  void aLineThatPassedAnEarlierRunsLevelIsHeldToTheLevelOfTheRunItReaches() {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream next = new ByteArrayOutputStream();
    LogSetup.configure(Settings.from(Map.of("CHM_LOG_LEVEL", "debug")), into(first), "first");
    org.slf4j.Logger reaper = LoggerFactory.getLogger(REAPER);
    assertThat(reaper.isDebugEnabled()).isTrue(); // the check, during the first run
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger logger = context.getLogger(REAPER);

    LogSetup.configure(Settings.from(Map.of()), into(next), "next");
    Appender<?> stderr = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("stderr");
    @SuppressWarnings("unchecked")
    Appender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        (Appender<ch.qos.logback.classic.spi.ILoggingEvent>) stderr;
    appender.doAppend(event(logger, Level.DEBUG, "Reaper thread: sleep interrupted"));
    appender.doAppend(event(logger, Level.ERROR, "a failure the next run logs"));

    assertThat(next.toString(UTF_8)).isEqualTo("ERROR a failure the next run logs\n");
    assertThat(first.toString(UTF_8)).isEmpty();
  }

  @Test
  void theCommandsOwnNotesAreKeptAtTheDefaultLevel() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LogSetup.configure(Settings.from(Map.of()), into(err), "run");

    LoggerFactory.getLogger(LogbackSetup.CLI_LOGGER + ".Notes").info("a note");
    LoggerFactory.getLogger(REAPER).info("not a note");

    assertThat(err.toString(UTF_8)).isEqualTo("INFO a note\n");
  }
}
