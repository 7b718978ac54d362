package dev.chatlog.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "file://user:secret@/path|file://****@/path",
        "Cannot open store 'sqlite://user:secret@/x.db': no host|Cannot open store 'sqlite://****@/x.db': no host",
        "s3://KEY:secret@Bad_Bucket/p|s3://****@Bad_Bucket/p",
        "invalid bucket name 'KEY:secret@Bad_Bucket'|invalid bucket name '****@Bad_Bucket'",
        "s3://b?endpoint=http://u:secret@host:9000|s3://b?endpoint=http://****@host:9000",
        "gs://b/p?token=abc&project=x|gs://b/p?token=****&project=x",
        "s3://b?region=eu&secret-key=abc|s3://b?region=eu&secret-key=****",
        "s3://b?access-key-id=AKIA|s3://b?access-key-id=AKIA",
        "file:///home/me/a@b/notes|file:///home/me/a@b/notes",
        "mail me at ada@example.org|mail me at ada@example.org",
        "nothing to hide|nothing to hide"
      })
  void hidesUserInfoAndSecretParameterValues(String text, String shown) {
    assertThat(Redaction.redact(text)).isEqualTo(shown);
  }
}
