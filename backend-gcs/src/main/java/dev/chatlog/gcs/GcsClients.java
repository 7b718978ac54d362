package dev.chatlog.gcs;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.StorageOptions;
import dev.chatlog.spi.BlobStore;
import java.io.IOException;
import java.time.Duration;

/**
 * Builds the GCS clients of a store from its {@link GcsOptions}: JSON API over HTTP, Application
 * Default Credentials (or none, for emulators), timeouts and retries. The only class that touches
 * credentials, and only to hand them to the client.
 */
final class GcsClients {
  /** Where credentials come from; Application Default Credentials outside tests. */
  @FunctionalInterface
  interface CredentialsSource {
    Credentials get() throws IOException;
  }

  private static final Duration INITIAL_RETRY_DELAY = Duration.ofMillis(50);
  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(2);

  private GcsClients() {}

  /** Opens a store with Application Default Credentials and checks that its bucket answers. */
  static BlobStore open(GcsOptions options) {
    return open(options, GoogleCredentials::getApplicationDefault);
  }

  /** Opens a store with credentials from {@code source} and checks that its bucket answers. */
  static BlobStore open(GcsOptions options, CredentialsSource source) {
    GcsBlobStore store = store(options, source);
    try {
      store.checkAccess();
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** A store on clients built from the options, without checking the bucket. */
  static GcsBlobStore store(GcsOptions options, CredentialsSource source) {
    StorageOptions reading = storageOptions(options, source, options.maxAttempts());
    StorageOptions writing = reading.toBuilder().setRetrySettings(retry(options, 1)).build();
    return new GcsBlobStore(reading.getService(), writing.getService(), options);
  }

  private static StorageOptions storageOptions(
      GcsOptions options, CredentialsSource source, int attempts) {
    int millis = Math.toIntExact(Math.min(Integer.MAX_VALUE, options.timeout().toMillis()));
    HttpStorageOptions.Builder builder =
        StorageOptions.http()
            .setTransportOptions(
                HttpTransportOptions.newBuilder()
                    .setConnectTimeout(millis)
                    .setReadTimeout(millis)
                    .build())
            .setRetrySettings(retry(options, attempts));
    options.endpoint().ifPresent(endpoint -> builder.setHost(endpoint.toString()));
    options.project().ifPresent(builder::setProjectId);
    if (options.noAuth()) {
      builder.setCredentials(NoCredentials.getInstance());
    } else {
      try {
        builder.setCredentials(source.get());
      } catch (IOException | RuntimeException e) {
        throw GcsExceptions.missingCredentials(options.location(), e);
      }
    }
    return builder.build();
  }

  /**
   * How long {@code attempts} tries of one call may take in all: each its timeout, and the longest
   * backoff between two of them.
   */
  static Duration budget(int attempts, Duration timeout) {
    return timeout.multipliedBy(attempts).plus(MAX_RETRY_DELAY.multipliedBy(attempts - 1L));
  }

  private static RetrySettings retry(GcsOptions options, int attempts) {
    return RetrySettings.newBuilder()
        .setMaxAttempts(attempts)
        .setTotalTimeoutDuration(budget(attempts, options.timeout()))
        .setInitialRetryDelayDuration(INITIAL_RETRY_DELAY)
        .setRetryDelayMultiplier(2.0)
        .setMaxRetryDelayDuration(MAX_RETRY_DELAY)
        .setInitialRpcTimeoutDuration(options.timeout())
        .setRpcTimeoutMultiplier(1.0)
        .setMaxRpcTimeoutDuration(options.timeout())
        .build();
  }
}
