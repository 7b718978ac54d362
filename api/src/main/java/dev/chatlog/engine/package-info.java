/**
 * The engine shared by every blob backend: {@link dev.chatlog.engine.BlobChunkStore} runs a whole
 * {@link dev.chatlog.spi.ChunkStore} over any {@link dev.chatlog.spi.BlobStore}, with chunk files
 * in Markdown, an inbox of small index entries, immutable index segments and one manifest replaced
 * by compare-and-swap.
 *
 * @since 0.1.0
 */
package dev.chatlog.engine;
