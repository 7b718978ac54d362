/**
 * The one exception hierarchy of chatlog: unchecked, typed by what the caller can do.
 *
 * @since 0.1.0
 */
package dev.chatlog.error;
