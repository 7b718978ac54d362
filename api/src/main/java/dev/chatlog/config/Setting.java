package dev.chatlog.config;

import static java.util.Objects.requireNonNull;

/**
 * One line of the effective configuration, as {@code chatlog config} prints it.
 *
 * @param name the setting's name: a {@code CHM_} variable, or a store option key such as {@code
 *     s3.region}
 * @param value the effective value after interpolation; empty when unset and without default
 * @param source where it came from: {@code env CHM_STORE}, {@code env CHAT_HISTORY_BASE_DIR
 *     (legacy)}, {@code CHM_STORE query}, or {@code default}
 * @param secret whether the value must never be printed
 * @since 0.1.0
 */
public record Setting(String name, String value, String source, boolean secret) {
  /** What is shown in place of a secret value. */
  public static final String REDACTED = Redaction.REDACTED;

  public Setting {
    requireNonNull(name, "name is null");
    requireNonNull(value, "value is null");
    requireNonNull(source, "source is null");
  }

  /** The value, or {@value #REDACTED} when it is a secret. */
  public String displayValue() {
    return secret ? REDACTED : value;
  }

  @Override
  public String toString() {
    return name + "=" + displayValue() + " (" + source + ")";
  }
}
