/**
 * The entry point of chatlog: the {@link dev.chatlog.ChatLog} facade that saves chat context and
 * finds it again, and the requests and results it takes and gives.
 *
 * @since 0.1.0
 */
package dev.chatlog;
