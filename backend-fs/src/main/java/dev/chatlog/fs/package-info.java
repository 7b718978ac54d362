/**
 * The {@code file:} store: a {@link dev.chatlog.spi.BlobStore} on a local or network file system,
 * found by {@code ServiceLoader} through {@link dev.chatlog.fs.FsStorageProvider}.
 *
 * @since 0.1.0
 */
package dev.chatlog.fs;
