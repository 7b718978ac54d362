package dev.chatlog.spi;

import static java.util.Objects.requireNonNull;

/**
 * One object found by {@link BlobStore#list}.
 *
 * @param key full key of the object
 * @param size length in bytes
 * @param version opaque version, as {@link Blob#version()} would give
 * @since 0.1.0
 */
public record BlobInfo(String key, long size, String version) {
  public BlobInfo {
    requireNonNull(key, "key is null");
    requireNonNull(version, "version is null");
  }
}
