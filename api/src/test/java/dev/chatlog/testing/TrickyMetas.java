package dev.chatlog.testing;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata whose values are hard to write and read back: quotes and escapes, line breaks of every
 * kind, control characters, words YAML would type ({@code yes}, {@code null}, {@code 1e3}, {@code
 * ~}), front matter fences, non-ASCII and astral characters, empty texts, lists and labels, and the
 * largest numbers. Every format that holds metadata must give them back equal.
 */
public final class TrickyMetas {
  /** Texts that a careless writer or reader would change. */
  public static final List<String> TEXTS =
      List.of(
          "plain",
          "",
          " leading and trailing ",
          "quote \" backslash \\ slash / tab \t",
          "line\nfeed\r\ncarriage",
          "---\nfront: matter\n---",
          "yes",
          "no",
          "null",
          "~",
          "1e3",
          "0x1F",
          "2024-01-01",
          "2024-03-01T10:00:00Z",
          "- a list?",
          "key: value # not a comment",
          "{\"json\": [1]}",
          "&anchor *alias !tag %directive @at `back`",
          "controls \u0000\u0001\u001f\u007f\u0080\u009f",
          "breaks \u0085 \u2028 \u2029",
          "non-characters \ufffe \uffff bom \ufeff",
          "ünïcödé 日本語 кириллица العربية",
          "astral 🚀 𝄞 \ud83d\ude00");

  private TrickyMetas() {}

  /** Labels with tricky keys and values, and a key without values. */
  public static Map<String, List<String>> labels() {
    Map<String, List<String>> labels = new LinkedHashMap<>();
    labels.put("adr", List.of("0001", "true", "1.50"));
    labels.put("empty", List.of());
    labels.put("", List.of(""));
    for (int i = 0; i < TEXTS.size(); i++) {
      labels.put(TEXTS.get(i) + " " + i, List.of(TEXTS.get(TEXTS.size() - 1 - i)));
    }
    return labels;
  }

  /**
   * Metadata using every tricky text in each text field, once each; the last has empty lists and
   * the largest numbers a field holds.
   */
  public static List<ChunkMeta> metas() {
    List<ChunkMeta> metas = new ArrayList<>();
    for (int i = 0; i < TEXTS.size(); i++) {
      String text = TEXTS.get(i);
      metas.add(
          new ChunkMeta(
              ChunkId.of(1_700_000_000_000L + i, i, 7L * i),
              text,
              TEXTS.get((i + 1) % TEXTS.size()),
              TEXTS.get((i + 2) % TEXTS.size()),
              i,
              Instant.ofEpochSecond(1_700_000_000L + i, i * 1_001L),
              List.of(Actor.values()[i % Actor.values().length], Actor.TOOL),
              TEXTS.get((i + 3) % TEXTS.size()),
              List.of(text, TEXTS.get((i + 4) % TEXTS.size())),
              TEXTS.get((i + 5) % TEXTS.size()),
              i == 0 ? labels() : Map.of(text, List.of(text, text)),
              "ab".repeat(32),
              i * 1_000L));
    }
    metas.add(
        new ChunkMeta(
            ChunkId.of((1L << 48) - 1, 0xFFFF, -1L),
            "p",
            "t",
            "s",
            Integer.MAX_VALUE,
            Instant.parse("1970-01-01T00:00:00Z"),
            List.of(),
            "",
            List.of(),
            "",
            Map.of(),
            "",
            Long.MAX_VALUE));
    return metas;
  }

  /** A draft of each of {@link #metas}: what a store is given to save, with a body of its own. */
  public static List<ChunkDraft> drafts() {
    return metas().stream()
        .map(
            meta ->
                new ChunkDraft(
                    meta.project(),
                    meta.topic(),
                    meta.session(),
                    meta.created(),
                    meta.actors(),
                    meta.source(),
                    meta.tags(),
                    meta.summary(),
                    meta.labels(),
                    "body of " + meta.id()))
        .toList();
  }
}
