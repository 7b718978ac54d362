/**
 * Full-text search: queries, hits, the query language and the scan fallback.
 *
 * @since 0.1.0
 */
package dev.chatlog.search;
