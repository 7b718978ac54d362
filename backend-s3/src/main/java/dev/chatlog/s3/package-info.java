/**
 * The S3 backend: a {@link dev.chatlog.spi.BlobStore} on Amazon S3 and S3-compatible servers (AWS
 * SDK for Java v2), opened for {@code s3://bucket/prefix} URIs by {@link
 * dev.chatlog.s3.S3StorageProvider}. Writes are conditional on the server ({@code If-None-Match:
 * *}, {@code If-Match}); a server that ignores those headers is detected before the first write.
 *
 * @since 0.1.0
 */
package dev.chatlog.s3;
