/**
 * The two storage SPIs: {@link dev.chatlog.spi.ChunkStore} (what the facade uses) and {@link
 * dev.chatlog.spi.BlobStore} (what object-like backends implement), and {@link
 * dev.chatlog.spi.StorageProvider}, the discovered entry point of each scheme.
 *
 * @since 0.1.0
 */
package dev.chatlog.spi;
