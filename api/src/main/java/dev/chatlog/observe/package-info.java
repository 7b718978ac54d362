/**
 * What chatlog tells an observer about its work: the calls of the facade, chunks written, read and
 * removed, and the requests remote stores send. Metrics and other reporting are bound to it outside
 * {@code api}, which depends on no metrics library.
 */
package dev.chatlog.observe;
