/**
 * Configuration of chatlog: environment variables read into a validated {@link
 * dev.chatlog.config.ChatLogConfig}, the one reader of every setting's and option's value ({@link
 * dev.chatlog.config.Options}), and the parsing of durations and points in time users type.
 *
 * @since 0.1.0
 */
package dev.chatlog.config;
