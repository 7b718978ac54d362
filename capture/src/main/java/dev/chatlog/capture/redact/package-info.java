/**
 * Secret redaction at capture: rules of regular expressions (the defaults taken from gitleaks, and
 * a user's own), applied to every text before it is saved or imported; each match becomes {@code
 * [REDACTED:rule]}.
 */
package dev.chatlog.capture.redact;
