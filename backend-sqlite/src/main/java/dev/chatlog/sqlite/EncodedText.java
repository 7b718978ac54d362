package dev.chatlog.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.SearchField;
import dev.chatlog.search.TextFold;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A chunk's text as its rows hold it, encoded once: the body in UTF-8, and the folded text ({@link
 * TextFold#indexText}) of each search column in the order of {@link SearchField}, in UTF-8. {@link
 * ChunkRows.Inserter} binds these bytes as text ({@code CAST(? AS TEXT)}), so the thread that
 * writes encodes nothing: an append makes the texts of a large batch on other threads while it
 * writes the rows of the drafts before them ({@link SqliteChunkStore#append}).
 */
record EncodedText(byte[] body, List<byte[]> searchColumns) {

  /** The text of a draft, as of the chunk it is saved as. */
  static EncodedText of(ChunkDraft draft) {
    return of(draft.body(), field -> field.text(draft));
  }

  /** The text of a chunk. */
  static EncodedText of(ChunkMeta meta, String body) {
    return of(body, field -> field.text(meta, body));
  }

  private static EncodedText of(String body, Function<SearchField, String> text) {
    return new EncodedText(
        body.getBytes(UTF_8),
        Arrays.stream(SearchField.values())
            .map(field -> TextFold.indexText(text.apply(field)).getBytes(UTF_8))
            .toList());
  }
}
