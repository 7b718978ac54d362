/**
 * The SQLite backend: a whole chunk store in one SQLite file ({@link
 * dev.chatlog.sqlite.SqliteChunkStore}), with an FTS5 full-text index that uses chatlog's shared
 * tokenizer and ranking; and the local search index of the blob stores ({@link
 * dev.chatlog.sqlite.SqliteLocalSearchIndex}), a file of the same schema kept in step with a
 * store's index.
 *
 * @since 0.1.0
 */
package dev.chatlog.sqlite;
