/**
 * Text handling of the facade: splitting long content into chunks without losing a character.
 *
 * @since 0.1.0
 */
package dev.chatlog.text;
