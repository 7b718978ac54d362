/**
 * The neutral model every importer yields: conversations of messages, whatever the product they
 * come from. Rendering, chunking and idempotency are written once on this model.
 */
package dev.chatlog.capture.model;
