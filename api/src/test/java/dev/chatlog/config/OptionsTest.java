package dev.chatlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OptionsTest {
  private static final String KEY = "x.value";

  private static Options one(String text) {
    return Options.of(Map.of(KEY, text), Set.of(KEY));
  }

  private static Options none() {
    return Options.of(Map.of(), Set.of(KEY));
  }

  // ---- keys ----

  @Test
  void unknownKeysAreRefusedListingTheValidOnes() {
    assertThatThrownBy(
            () -> Options.of(Map.of("x.colour", "red", "x.b", "1"), Set.of("x.b", "x.a")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option x.colour 'red': unknown option; valid options: x.a, x.b");
  }

  @Test
  void theValueOfAnUnknownSecretLookingKeyIsNotShown() {
    assertThatThrownBy(() -> Options.of(Map.of("x.secret-key", "s3cr3t"), Set.of(KEY)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option x.secret-key '****': unknown option; valid options: x.value");
  }

  @Test
  void aPrefixReaderLeavesOtherPrefixesAlone() {
    Options engine =
        Options.of(Map.of("engine.a", "1", "s3.colour", "red"), "engine.", Set.of("engine.a"));

    assertThat(engine.integer("engine.a", 0, 9, 5)).isEqualTo(1);
    assertThatThrownBy(() -> Options.of(Map.of("engine.b", "1"), "engine.", Set.of("engine.a")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option engine.b '1': unknown option; valid options: engine.a");
  }

  // ---- strings ----

  @Test
  void stringsAreStrippedAndBlankCountsAsUnset() {
    assertThat(one("  text ").string(KEY)).contains("text");
    assertThat(one("   ").string(KEY)).isEmpty();
    assertThat(one("").string(KEY, "fallback")).isEqualTo("fallback");
    assertThat(none().string(KEY, "fallback")).isEqualTo("fallback");
  }

  // ---- booleans ----

  @ParameterizedTest
  @CsvSource({
    "true,true",
    "TRUE,true",
    "yes,true",
    "Yes,true",
    "on,true",
    "ON,true",
    "1,true",
    " true ,true",
    "false,false",
    "False,false",
    "no,false",
    "NO,false",
    "off,false",
    "Off,false",
    "0,false"
  })
  void booleansAcceptOneSet(String text, boolean expected) {
    assertThat(one(text).bool(KEY, !expected)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"maybe", "2", "y", "n", "t", "enabled", "-1"})
  void booleansRefuseTheRest(String text) {
    assertThatThrownBy(() -> one(text).bool(KEY, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option x.value '"
                + text
                + "': expected true or false (also 1/0, yes/no, on/off)");
  }

  @Test
  void anUnsetBooleanIsTheFallback() {
    assertThat(none().bool(KEY, true)).isTrue();
    assertThat(one("").bool(KEY, false)).isFalse();
  }

  // ---- integers ----

  @ParameterizedTest
  @CsvSource({"1,1", "20,20", " 7 ,7", "+3,3"})
  void integersWithinTheRangeAreRead(String text, int expected) {
    assertThat(one(text).integer(KEY, 1, 20, 5)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "21", "-1", "many", "1.5", "1e3", "99999999999999999999", "0x10"})
  void integersOutsideTheRangeAreRefused(String text) {
    assertThatThrownBy(() -> one(text).integer(KEY, 1, 20, 5))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option x.value '" + text + "': expected a whole number from 1 to 20");
  }

  @Test
  void anOpenRangeSaysAtLeast() {
    assertThat(one("9000000000").integer(KEY, 1, Long.MAX_VALUE))
        .isEqualTo(OptionalLong.of(9_000_000_000L));
    assertThat(none().integer(KEY, 1, Long.MAX_VALUE)).isEmpty();
    assertThat(none().integer(KEY, 1, 9, 4)).isEqualTo(4);
    assertThatThrownBy(() -> one("0").integer(KEY, 1, Long.MAX_VALUE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option x.value '0': expected a whole number of at least 1");
  }

  // ---- durations ----

  @ParameterizedTest
  @CsvSource({
    "500ms,500",
    "500MS,500",
    "30s,30000",
    "30S,30000",
    "30 s,30000",
    "2m,120000",
    "2M,120000",
    "12h,43200000",
    "7d,604800000",
    "2w,1209600000",
    "PT30S,30000",
    "pt0.5s,500",
    "P2W,1209600000",
    "p1dt2h,93600000",
    " 45s ,45000"
  })
  void durationsFollowOneGrammar(String text, long millis) {
    assertThat(one(text).duration(KEY)).contains(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"soon", "30x", "1.5h", "-1s", "-5", "1y", "s", "PT", "1h30m", "30 seconds"})
  void durationsOutsideTheGrammarAreRefused(String text) {
    assertThatThrownBy(() -> one(text).duration(KEY))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option x.value '"
                + text
                + "': expected a duration such as 500ms, 30s, 2m, 12h, 7d or PT30S");
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "0", "500"})
  void aBareNumberIsRefusedAskingForAUnit(String text) {
    assertThatThrownBy(() -> one(text).duration(KEY, Duration.ofSeconds(1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option x.value '"
                + text
                + "': a duration needs a unit, such as "
                + text
                + "s or "
                + text
                + "ms");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "0ms", "PT0S", "-PT1S", "P-1D"})
  void aDurationMustBePositiveUnlessARangeSaysOtherwise(String text) {
    assertThatThrownBy(() -> one(text).duration(KEY, Duration.ofSeconds(1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option x.value '" + text + "': expected a positive duration");
  }

  @Test
  void aRangedDurationNamesItsBounds() {
    Duration day = Duration.ofDays(1);
    assertThat(one("0s").duration(KEY, Duration.ZERO, day, day)).isZero();
    assertThat(one("1d").duration(KEY, Duration.ZERO, day, Duration.ZERO)).isEqualTo(day);
    assertThat(none().duration(KEY, Duration.ZERO, day, Duration.ofSeconds(3)))
        .isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> one("25h").duration(KEY, Duration.ZERO, day, day))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option x.value '25h': expected a duration from 0s to 1d");
    assertThatThrownBy(() -> one("100ms").duration(KEY, Duration.ofMillis(500), day, day))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option x.value '100ms': expected a duration from 500ms to 1d");
  }

  @Test
  void anUnsetDurationIsTheFallback() {
    assertThat(none().duration(KEY)).isEmpty();
    assertThat(none().duration(KEY, Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
  }

  // ---- choices ----

  @Test
  void choicesMatchInAnyCaseAndGiveTheChoicesSpelling() {
    List<String> sse = List.of("AES256", "aws:kms");
    assertThat(one("aes256").oneOf(KEY, sse)).contains("AES256");
    assertThat(one("AWS:KMS").oneOf(KEY, sse)).contains("aws:kms");
    assertThat(none().oneOf(KEY, sse)).isEmpty();
    assertThat(none().oneOf(KEY, sse, "AES256")).isEqualTo("AES256");
    assertThatThrownBy(() -> one("DES").oneOf(KEY, sse))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option x.value 'DES': expected AES256 or aws:kms");
    assertThatThrownBy(() -> one("loud").oneOf(KEY, List.of("error", "warn", "info")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option x.value 'loud': expected one of error, warn, info");
  }

  // ---- URIs and paths ----

  @Test
  void urisNeedAKnownSchemeAndAHost() {
    Set<String> http = Set.of("http", "https");
    assertThat(one("http://127.0.0.1:9000").uri(KEY, http))
        .contains(URI.create("http://127.0.0.1:9000"));
    assertThat(one("HTTPS://s3.example.com").uri(KEY, http))
        .contains(URI.create("HTTPS://s3.example.com"));
    assertThat(none().uri(KEY, http)).isEmpty();
    for (String bad : List.of("ftp://host", "http://", "not a uri", "localhost:4443")) {
      assertThatThrownBy(() -> one(bad).uri(KEY, http))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "Cannot use option x.value '"
                  + bad
                  + "': expected a http or https URI such as http://host:port");
    }
  }

  @Test
  void aUriWithCredentialsIsRefusedWithoutShowingThem() {
    assertThatThrownBy(() -> one("http://user:s3cret@host:1").uri(KEY, Set.of("http")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option x.value 'http://****@host:1': credentials do not belong in the URI");
  }

  @Test
  void pathsMustBeAbsolute() {
    Path root = Path.of("/").toAbsolutePath();
    String absolute = root.resolve("cache").resolve("..").resolve("chatlog").toString();
    assertThat(one(absolute).path(KEY)).contains(root.resolve("chatlog"));
    assertThat(none().path(KEY)).isEmpty();
    assertThatThrownBy(() -> one("relative/folder").path(KEY))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option x.value 'relative/folder': expected an absolute path");
    assertThatThrownBy(() -> one("bad\0path").path(KEY))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option x.value 'bad\0path': expected an absolute path");
  }

  // ---- the message ----

  @Test
  void ownersRefuseValuesInTheSameFormat() {
    assertThat(one("EU").invalid(KEY, "expected a region such as eu-west-1"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option x.value 'EU': expected a region such as eu-west-1");
  }

  @Test
  void secretLookingKeysNeverShowTheirValue() {
    Options secret = Options.of(Map.of("x.api-token", "tok3n"), Set.of("x.api-token"));
    assertThatThrownBy(() -> secret.bool("x.api-token", false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option x.api-token '****': expected true or false (also 1/0, yes/no,"
                + " on/off)");
  }

  @Test
  void namedValuesCarryTheirNameAndShownText() {
    Options settings =
        Options.named(
            name ->
                name.equals("CHM_X")
                    ? Optional.of(new Options.Value("lots", "CHAT_X", "${N}"))
                    : Optional.empty());
    assertThatThrownBy(() -> settings.integer("CHM_X", 1, 9, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use CHAT_X '${N}': expected a whole number from 1 to 9");
    assertThat(settings.integer("CHM_Y", 1, 9, 3)).isEqualTo(3);
  }
}
