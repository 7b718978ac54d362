/**
 * Live capture: a watcher that follows an agent's log folder and imports what is appended, keeping
 * its place in each file in a state file of its own so that a restart resumes where it stopped.
 */
package dev.chatlog.capture.watch;
