package dev.chatlog.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides credentials in text before it is printed or logged: the user-info of every URI in it
 * ({@code s3://KEY:secret@bucket}, {@code ?endpoint=http://user:secret@host}), a {@code
 * user:password@} quoted without its scheme, and the values of query parameters whose names look
 * secret ({@code ?token=…}). Every message that may quote a store URI or an option passes through
 * {@link #redact(String)}, whatever the scheme.
 *
 * @since 0.1.0
 */
public final class Redaction {
  /** What a hidden value is shown as. */
  public static final String REDACTED = "****";

  private static final Pattern USER_INFO = Pattern.compile("//[^/@\\s'\"?#]+@");
  private static final Pattern USER_PASSWORD =
      Pattern.compile("(?<=^|[\\s'\"(=])[^/@\\s'\"?#:=]+:[^/@\\s'\"?#]+@");
  private static final Pattern PARAMETER =
      Pattern.compile("([?&;])([^=&;\\s'\"#?]+)=([^&;\\s'\"#]*)");

  private Redaction() {}

  /** The text with every URI's user-info and every secret-looking parameter value hidden. */
  public static String redact(String text) {
    if (text == null || text.indexOf('@') < 0 && text.indexOf('=') < 0) {
      return text;
    }
    String withoutUserInfo =
        USER_PASSWORD
            .matcher(USER_INFO.matcher(text).replaceAll("//" + REDACTED + "@"))
            .replaceAll(REDACTED + "@");
    Matcher parameter = PARAMETER.matcher(withoutUserInfo);
    StringBuilder out = new StringBuilder();
    while (parameter.find()) {
      String value = isSecretName(parameter.group(2)) ? REDACTED : parameter.group(3);
      parameter.appendReplacement(
          out, Matcher.quoteReplacement(parameter.group(1) + parameter.group(2) + "=" + value));
    }
    parameter.appendTail(out);
    return out.toString();
  }

  /**
   * Whether a setting, option or parameter name looks like it holds a secret: it names a secret,
   * token, password or key (but not a key id, which is not secret).
   */
  public static boolean isSecretName(String name) {
    String upper = name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    String withoutKeyId = upper.replace("KEY_ID", "");
    return upper.contains("SECRET")
        || upper.contains("TOKEN")
        || upper.contains("PASSWORD")
        || upper.contains("CREDENTIAL")
        || withoutKeyId.contains("KEY");
  }
}
