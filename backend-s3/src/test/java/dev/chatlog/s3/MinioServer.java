package dev.chatlog.s3;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.containers.MinIOContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** One MinIO container per test JVM (pinned image), with the bucket {@link #BUCKET}. */
final class MinioServer {
  static final String IMAGE = "minio/minio:RELEASE.2025-09-07T16-13-09Z";
  static final String BUCKET = "chatlog-minio";

  private static MinIOContainer container;

  private MinioServer() {}

  static synchronized MinIOContainer shared() {
    if (container == null) {
      container = new MinIOContainer(IMAGE);
      container.start();
      try (S3Client client = client(options(container))) {
        client.createBucket(b -> b.bucket(BUCKET));
      }
    }
    return container;
  }

  /** Options of a store on a fresh random prefix of the MinIO bucket. */
  static S3Options options(MinIOContainer minio) {
    return S3Options.parse(
        URI.create("s3://" + BUCKET + "/t-" + UUID.randomUUID()),
        Map.of(
            S3Options.ENDPOINT, minio.getS3URL(),
            S3Options.PATH_STYLE, "true",
            S3Options.REGION, "us-east-1"),
        dev.chatlog.engine.BlobChunkStore.OPTION_KEYS);
  }

  /** A client configured as chatlog configures it, with MinIO's credentials. */
  static S3Client client(S3Options options) {
    return S3Clients.builder(options)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(container.getUserName(), container.getPassword())))
        .build();
  }
}
