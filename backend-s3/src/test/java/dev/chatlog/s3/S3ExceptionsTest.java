package dev.chatlog.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.error.ChatLogException;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.error.StorageException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ExceptionsTest {
  private static final S3Options STORE =
      S3Options.parse(
          URI.create("s3://bkt/p"),
          Map.of(S3Options.ENDPOINT, "http://127.0.0.1:1", S3Options.TIMEOUT, "3s"),
          Set.of());

  private static S3Exception service(int status, String code, Map<String, String> headers) {
    SdkHttpResponse.Builder http = SdkHttpResponse.builder().statusCode(status);
    headers.forEach(http::putHeader);
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).sdkHttpResponse(http.build()).build())
            .build();
  }

  private static ChatLogException translate(Exception e) {
    return S3Exceptions.translate(
        "write", "s3://bkt/p/k", STORE, (software.amazon.awssdk.core.exception.SdkException) e);
  }

  @Test
  void preconditionFailedIsTheTypedFailure() {
    assertThat(translate(service(412, "PreconditionFailed", Map.of())))
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessage(
            "Cannot write s3://bkt/p/k: precondition failed (the object exists or has another version)");
  }

  @Test
  void missingBucketDeniedAccessWrongRegionAndBadName() {
    assertThat(translate(service(404, "NoSuchBucket", Map.of())))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Cannot open s3://bkt/p: bucket does not exist");
    assertThat(translate(service(403, "AccessDenied", Map.of())))
        .isInstanceOf(StorageException.class)
        .hasMessage("Cannot write s3://bkt/p/k: access denied")
        .satisfies(e -> assertThat(((StorageException) e).retryable()).isFalse());
    assertThat(
            translate(
                service(301, "PermanentRedirect", Map.of("x-amz-bucket-region", "eu-west-1"))))
        .hasMessage("Cannot write s3://bkt/p/k: wrong region (bucket is in eu-west-1)");
    assertThat(translate(service(400, "AuthorizationHeaderMalformed", Map.of())))
        .hasMessage(
            "Cannot write s3://bkt/p/k: wrong region (bucket is in another region; set s3.region)");
    assertThat(translate(service(400, "InvalidBucketName", Map.of())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot open s3://bkt/p: invalid bucket name 'bkt'");
    assertThat(translate(service(404, "NoSuchKey", Map.of())))
        .isInstanceOf(NotFoundException.class);
    assertThat(translate(service(400, "BadDigest", Map.of())))
        .hasMessage("Cannot write s3://bkt/p/k: the server answered 400 BadDigest")
        .satisfies(e -> assertThat(((StorageException) e).retryable()).isFalse());
  }

  @Test
  void throttlingServerErrorsAndConflictsAreRetryable() {
    for (S3Exception e :
        new S3Exception[] {
          service(409, "ConditionalRequestConflict", Map.of()),
          service(503, "SlowDown", Map.of()),
          service(500, "InternalError", Map.of()),
          service(429, "TooManyRequests", Map.of()),
          service(400, "RequestTimeout", Map.of())
        }) {
      assertThat(translate(e))
          .isInstanceOf(StorageException.class)
          .satisfies(t -> assertThat(((StorageException) t).retryable()).isTrue());
    }
    assertThat(S3Exceptions.mayHaveApplied(service(500, "InternalError", Map.of()))).isTrue();
    assertThat(S3Exceptions.mayHaveApplied(service(503, "SlowDown", Map.of()))).isFalse();
    assertThat(S3Exceptions.mayHaveApplied(service(409, "ConditionalRequestConflict", Map.of())))
        .isFalse();
  }

  @Test
  void clientSideFailures() {
    SdkClientException refused =
        SdkClientException.create("connect", new ConnectException("Connection refused"));
    assertThat(translate(refused))
        .hasMessage(
            "Cannot write s3://bkt/p/k: endpoint http://127.0.0.1:1 did not answer within 3s")
        .satisfies(e -> assertThat(((StorageException) e).retryable()).isTrue());
    assertThat(S3Exceptions.mayHaveApplied(refused)).isFalse();
    assertThat(translate(SdkClientException.create("x", new UnknownHostException("nope"))))
        .hasMessage("Cannot write s3://bkt/p/k: unknown host of endpoint http://127.0.0.1:1");
    assertThat(translate(SdkClientException.create("Unable to load credentials from any provider")))
        .hasMessage(
            "Cannot write s3://bkt/p/k: no AWS credentials found (environment, profile, web identity"
                + " or instance role)");
    assertThat(translate(SdkClientException.create("socket closed\nmore")))
        .hasMessage("Cannot write s3://bkt/p/k: socket closed");
  }
}
