package dev.chatlog.capture.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** Times as the formats write them, read leniently: what cannot be read is {@code null}. */
public final class Times {
  private static final BigDecimal BILLION = BigDecimal.valueOf(1_000_000_000L);

  private Times() {}

  /** An ISO-8601 instant with {@code Z} or an offset; {@code null} when not one. */
  public static Instant iso(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeException e) {
      try {
        return OffsetDateTime.parse(text.strip()).toInstant();
      } catch (DateTimeException again) {
        return null;
      }
    }
  }

  /**
   * An ISO-8601 time, with a zone or offset, or naive and then taken in {@code zone}; {@code null}
   * when not one.
   */
  public static Instant isoOrLocal(String text, ZoneId zone) {
    Instant instant = iso(text);
    if (instant != null || text == null || text.isBlank()) {
      return instant;
    }
    try {
      return LocalDateTime.parse(text.strip()).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Epoch seconds, with a fraction, from a number node; {@code null} when not a number. */
  public static Instant epochSeconds(JsonNode node) {
    BigDecimal seconds = decimal(node);
    return seconds == null ? null : fromSeconds(seconds);
  }

  /** Epoch milliseconds from a number node; {@code null} when not a number. */
  public static Instant epochMillis(JsonNode node) {
    BigDecimal millis = decimal(node);
    return millis == null ? null : fromSeconds(millis.movePointLeft(3));
  }

  /** A number node as a decimal, a double by its shortest text; {@code null} when not finite. */
  private static BigDecimal decimal(JsonNode node) {
    if (node == null || !node.isNumber()) {
      return null;
    }
    if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
      double value = node.doubleValue();
      return Double.isFinite(value) ? BigDecimal.valueOf(value) : null;
    }
    try {
      return node.decimalValue();
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Instant fromSeconds(BigDecimal seconds) {
    if (Math.abs(seconds.scale()) > 1_100) {
      return null;
    }
    try {
      BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
      long nanos =
          seconds.subtract(whole).multiply(BILLION).setScale(0, RoundingMode.DOWN).longValue();
      return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    } catch (ArithmeticException | DateTimeException e) {
      return null;
    }
  }
}
