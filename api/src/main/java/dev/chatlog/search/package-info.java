/** Full-text search: queries, hits, the query language and the scan fallback. */
package dev.chatlog.search;
