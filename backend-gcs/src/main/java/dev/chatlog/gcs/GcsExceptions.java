package dev.chatlog.gcs;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.ChatLogException;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.error.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Translates the GCS client's exceptions into chatlog's, in one place: 412 is the SPI's typed
 * precondition failure, a 404 of the bucket names the bucket, 401 and 403 say what to fix about
 * credentials, 408, 429 and 5xx are retryable, and an endpoint that does not answer says so with
 * the timeout. Messages are one line and never hold credentials.
 */
final class GcsExceptions {
  private final String bucket;
  private final String endpoint;
  private final Duration timeout;

  /**
   * @param bucket the bucket, named when it does not exist
   * @param endpoint the endpoint, named when it does not answer
   * @param timeout the timeout, named when it passed
   */
  GcsExceptions(String bucket, String endpoint, Duration timeout) {
    this.bucket = requireNonNull(bucket, "bucket is null");
    this.endpoint = requireNonNull(endpoint, "endpoint is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
  }

  /** Whether the same request may succeed if sent again: throttling, 5xx, no answer. */
  static boolean retryable(com.google.cloud.storage.StorageException e) {
    int code = e.getCode();
    return code == 408 || code == 429 || code >= 500 || noAnswer(e) || brokenAnswer(e);
  }

  /** Whether GCS refused a request because its precondition did not hold. */
  static boolean preconditionFailed(com.google.cloud.storage.StorageException e) {
    return e.getCode() == 412;
  }

  /**
   * The chatlog exception for a failed request.
   *
   * @param verb what was done, e.g. {@code write}
   * @param target what it was done to, e.g. {@code gs://bucket/key}
   */
  ChatLogException translate(
      String verb, String target, com.google.cloud.storage.StorageException e) {
    String cannot = "Cannot " + verb + " " + target + ": ";
    int code = e.getCode();
    if (code == 412) {
      return new PreconditionFailedException(
          cannot + "the object exists or its version changed (412)", e);
    }
    if (code == 404) {
      return new NotFoundException(cannot + "bucket '" + bucket + "' does not exist (404)", e);
    }
    if (code == 401) {
      return new StorageException(
          cannot
              + "missing or invalid Google credentials (401); set up Application Default"
              + " Credentials (gcloud auth application-default login,"
              + " GOOGLE_APPLICATION_CREDENTIALS or workload identity)",
          false,
          e);
    }
    if (code == 403) {
      return new StorageException(
          cannot + "permission denied (403) on bucket '" + bucket + "' for these credentials",
          false,
          e);
    }
    if (noAnswer(e)) {
      return new StorageException(
          cannot + "endpoint " + endpoint + " did not answer within " + seconds(timeout), true, e);
    }
    if (brokenAnswer(e)) {
      return new StorageException(
          cannot + "the connection to " + endpoint + " broke before the answer was complete",
          true,
          e);
    }
    if (retryable(e)) {
      return new StorageException(
          cannot + "GCS is unavailable or throttling (" + code + "); try again later", true, e);
    }
    return new StorageException(cannot + "GCS answered " + code + ": " + oneLine(e), false, e);
  }

  /** The error for a client that cannot be set up: no Application Default Credentials. */
  static StorageException missingCredentials(String location, Throwable cause) {
    return new StorageException(
        "Cannot open store "
            + location
            + ": no Google credentials found; set up Application Default Credentials (gcloud auth"
            + " application-default login, GOOGLE_APPLICATION_CREDENTIALS or workload identity)",
        false,
        cause);
  }

  private static boolean noAnswer(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException
          || t instanceof InterruptedIOException) {
        return true;
      }
      if (t.getCause() == t) {
        return false;
      }
    }
    return false;
  }

  /**
   * Whether the connection failed without an HTTP status, e.g. closed in the middle of an answer:
   * the client reports code 0 with the I/O error as the cause. The request may have been applied.
   */
  private static boolean brokenAnswer(com.google.cloud.storage.StorageException e) {
    if (e.getCode() != 0) {
      return false;
    }
    for (Throwable t = e.getCause(); t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String line = message.lines().findFirst().orElse("").strip();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
