package dev.chatlog.spi;

import static java.util.Objects.requireNonNull;

/**
 * Bytes read from a {@link BlobStore}, with the version of the object they were read from.
 *
 * @param data the bytes (the whole object, or the requested range)
 * @param version opaque version of the object, usable in {@link PutCondition#ifVersion(String)}
 * @since 0.1.0
 */
public record Blob(byte[] data, String version) {
  public Blob {
    requireNonNull(data, "data is null");
    requireNonNull(version, "version is null");
  }
}
