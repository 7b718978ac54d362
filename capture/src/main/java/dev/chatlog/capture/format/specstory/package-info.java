/**
 * SpecStory's Markdown sessions: {@code .specstory/history/*.md}, one file per session, messages
 * under {@code _**User**_} and {@code _**Agent (model time)**_} headings. A session renamed is
 * saved again under a new file name: one session, several files.
 */
package dev.chatlog.capture.format.specstory;
