/**
 * Retention: which chunks a policy of most chunks and oldest age keeps, and the pruner that deletes
 * the rest through the {@code ChunkStore} SPI. Chunks tagged {@code pinned} are never pruned.
 *
 * @since 0.1.0
 */
package dev.chatlog.retention;
