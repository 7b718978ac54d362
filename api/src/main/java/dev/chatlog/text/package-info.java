/** Text handling of the facade: splitting long content into chunks without losing a character. */
package dev.chatlog.text;
