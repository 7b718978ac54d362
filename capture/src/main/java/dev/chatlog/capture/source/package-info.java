/**
 * Where imports read from: a file, a folder or a zip archive, seen alike as a list of entries. Zip
 * archives are read in place, never extracted; names that would escape the archive and archives
 * that expand beyond their limits are refused.
 */
package dev.chatlog.capture.source;
