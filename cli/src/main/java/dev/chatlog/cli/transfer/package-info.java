/**
 * Moving chunks out of a store and back: JSON Lines of chunks, archives of chunk files with a
 * manifest of checksums, folders of conversations as Markdown. The commands {@code export}, {@code
 * import --from jsonl|archive}, {@code verify --archive}, {@code copy} and {@code prune --backup}
 * are built on these classes; nothing here opens a store.
 */
package dev.chatlog.cli.transfer;
