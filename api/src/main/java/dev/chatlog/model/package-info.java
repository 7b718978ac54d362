/**
 * Value types of chatlog: chunks, their metadata, filters and results.
 *
 * @since 0.1.0
 */
package dev.chatlog.model;
