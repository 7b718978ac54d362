package dev.chatlog.s3;

import dev.chatlog.error.InvalidInputException;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the S3 client of a store from its {@link S3Options}: Apache HttpClient 5 (which never
 * resends a request by itself), the time-out per attempt, no SDK retries (the store retries, see
 * {@link S3BlobStore}), and credentials only from the SDK's default chain (environment, profile,
 * web identity, instance role).
 */
final class S3Clients {

  private S3Clients() {}

  /** A new client; the caller closes it. */
  static S3Client create(S3Options options) {
    S3ClientBuilder builder = builder(options);
    DefaultCredentialsProvider.Builder credentials = DefaultCredentialsProvider.builder();
    options.profile().ifPresent(credentials::profileName);
    return builder.credentialsProvider(credentials.build()).build();
  }

  /** A builder configured from the options, without credentials. */
  static S3ClientBuilder builder(S3Options options) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .connectionTimeout(options.timeout())
                    .socketTimeout(options.timeout()))
            .overrideConfiguration(
                o ->
                    o.apiCallAttemptTimeout(options.timeout())
                        .retryStrategy(AwsRetryStrategy.doNotRetry()))
            .serviceConfiguration(
                S3Configuration.builder()
                    .pathStyleAccessEnabled(options.pathStyle())
                    // Bodies are small: a 100-continue round trip costs more than it saves.
                    .expectContinueEnabled(false)
                    .build())
            .region(region(options));
    options
        .endpoint()
        .ifPresent(
            endpoint ->
                builder
                    .endpointOverride(endpoint)
                    // Many S3-compatible servers reject the newer default checksum trailers.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
    return builder;
  }

  private static Region region(S3Options options) {
    if (options.region().isPresent()) {
      return Region.of(options.region().get());
    }
    try {
      DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
      options.profile().ifPresent(chain::profileName);
      return chain.build().getRegion();
    } catch (SdkClientException e) {
      if (options.endpoint().isPresent()) {
        return Region.US_EAST_1;
      }
      throw new InvalidInputException(
          "Cannot open "
              + options.location()
              + ": no region; set s3.region (CHM_S3_REGION), AWS_REGION or a profile's region",
          e);
    }
  }
}
