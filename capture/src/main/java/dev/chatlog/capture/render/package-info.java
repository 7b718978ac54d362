/** Renders imported messages as Markdown, the same way for every format. */
package dev.chatlog.capture.render;
