/**
 * The SQLite backend: a whole chunk store in one SQLite file, with an FTS5 full-text index that
 * uses chatlog's shared tokenizer and ranking.
 *
 * @since 0.1.0
 */
package dev.chatlog.sqlite;
