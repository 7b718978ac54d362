/**
 * The Google Cloud Storage backend: a {@link dev.chatlog.spi.BlobStore} on one bucket and prefix,
 * opened for {@code gs://bucket/prefix} store URIs.
 *
 * @since 0.1.0
 */
package dev.chatlog.gcs;
