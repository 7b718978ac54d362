package dev.chatlog.s3;

import dev.chatlog.error.ChatLogException;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.error.StorageException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Translates the AWS SDK's exceptions into chatlog's: 412 is the typed precondition failure;
 * throttling, 5xx, {@code 409 ConditionalRequestConflict} and time-outs are retryable; a missing
 * bucket, a denied access, a wrong region, an invalid bucket name and an endpoint that does not
 * answer each get one clear line. Messages never hold credentials.
 */
final class S3Exceptions {

  private S3Exceptions() {}

  /**
   * The chatlog exception for an SDK failure.
   *
   * @param verb what was being done, e.g. {@code write}
   * @param what the object or store it was done to, e.g. {@code s3://b/p/key}
   * @param store the store's settings, for the bucket, endpoint and time-out in messages
   */
  static ChatLogException translate(String verb, String what, S3Options store, SdkException e) {
    String head = "Cannot " + verb + " " + what + ": ";
    if (e instanceof AwsServiceException service) {
      int status = service.statusCode();
      String code = errorCode(service);
      if (status == 412 || code.equals("PreconditionFailed")) {
        return new PreconditionFailedException(
            head + "precondition failed (the object exists or has another version)", e);
      }
      if (code.equals("NoSuchBucket")) {
        return new NotFoundException(
            "Cannot open " + store.location() + ": bucket does not exist", e);
      }
      if (code.equals("InvalidBucketName")) {
        return new InvalidInputException(
            "Cannot open " + store.location() + ": invalid bucket name '" + store.bucket() + "'",
            e);
      }
      if (status == 301
          || code.equals("PermanentRedirect")
          || code.equals("AuthorizationHeaderMalformed")
          || code.equals("IllegalLocationConstraintException")) {
        String actual =
            service
                .awsErrorDetails()
                .sdkHttpResponse()
                .firstMatchingHeader("x-amz-bucket-region")
                .map(r -> "bucket is in " + r)
                .orElse("bucket is in another region; set s3.region");
        return new StorageException(head + "wrong region (" + actual + ")", false, e);
      }
      if (status == 403) {
        return new StorageException(head + "access denied", false, e);
      }
      if (status == 404) {
        return new NotFoundException(head + "not found (" + code + ")", e);
      }
      if (isRetryable(status, code)) {
        return new StorageException(
            head + "the server answered " + status + " " + code + " (retryable)", true, e);
      }
      return new StorageException(head + "the server answered " + status + " " + code, false, e);
    }
    if (hasCause(e, UnknownHostException.class)) {
      return new StorageException(
          head + "unknown host of endpoint " + store.endpointName(), false, e);
    }
    if (e instanceof ApiCallAttemptTimeoutException
        || e instanceof ApiCallTimeoutException
        || hasCause(e, ConnectException.class)
        || hasCause(e, SocketTimeoutException.class)
        || hasCause(e, HttpTimeoutException.class)) {
      return new StorageException(
          head
              + "endpoint "
              + store.endpointName()
              + " did not answer within "
              + seconds(store.timeout()),
          true,
          e);
    }
    String message = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
    if (message.contains("Unable to load credentials")) {
      return new StorageException(
          head + "no AWS credentials found (environment, profile, web identity or instance role)",
          false,
          e);
    }
    return new StorageException(head + firstLine(message), true, e);
  }

  /**
   * Whether a failed write may still have been applied by the server, so that a retry may meet its
   * own earlier success. Throttling, {@code 503 SlowDown} and {@code 409} are refusals; a 5xx, a
   * lost connection or a time-out may not be.
   */
  static boolean mayHaveApplied(SdkException e) {
    if (e instanceof AwsServiceException service) {
      int status = service.statusCode();
      return status >= 500 && status != 503;
    }
    return !hasCause(e, ConnectException.class) && !hasCause(e, UnknownHostException.class);
  }

  /** The error code, or empty when the server gave none. */
  static String errorCode(AwsServiceException e) {
    return Optional.ofNullable(e.awsErrorDetails())
        .map(d -> d.errorCode())
        .filter(c -> !c.isEmpty())
        .orElse("");
  }

  /** Whether the error is S3's answer that a key does not exist. */
  static boolean isNoSuchKey(SdkException e) {
    return e instanceof AwsServiceException service
        && service.statusCode() == 404
        && !errorCode(service).equals("NoSuchBucket");
  }

  private static boolean isRetryable(int status, String code) {
    return status == 409
        || status == 429
        || status >= 500
        || code.equals("ConditionalRequestConflict")
        || code.contains("Throttl")
        || code.equals("SlowDown")
        || code.equals("RequestTimeout");
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
      if (t.getCause() == t) {
        return false;
      }
    }
    return false;
  }

  private static String seconds(Duration timeout) {
    long millis = timeout.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
