package dev.chatlog.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.time.Instant;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Arbitrary metadata, texts of any character but lone surrogates (which UTF-8 cannot hold), reads
 * back equal from every format made from {@link MetaFields}.
 */
class MetaFieldsPropertyTest {

  /** Any text: code points from the whole range, surrogates excepted, and often ASCII. */
  private static Arbitrary<String> text() {
    Arbitrary<Integer> any =
        Arbitraries.integers()
            .between(0, Character.MAX_CODE_POINT)
            .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE);
    Arbitrary<Integer> ascii = Arbitraries.integers().between(0, 0x7f);
    return Arbitraries.oneOf(any, ascii)
        .list()
        .ofMaxSize(12)
        .map(
            points -> {
              StringBuilder text = new StringBuilder();
              points.forEach(text::appendCodePoint);
              return text.toString();
            });
  }

  @Provide
  Arbitrary<ChunkMeta> metas() {
    Arbitrary<ChunkId> ids =
        Arbitraries.longs()
            .between(0, (1L << 48) - 1)
            .map(millis -> ChunkId.of(millis, millis % 65_536, millis * 31));
    Arbitrary<Instant> times =
        Arbitraries.longs()
            .between(-9_000_000_000L, 9_000_000_000L)
            .flatMap(
                seconds ->
                    Arbitraries.integers()
                        .between(0, 999_999_999)
                        .map(nanos -> Instant.ofEpochSecond(seconds, nanos)));
    return Combinators.combine(
            ids,
            text().list().ofSize(6),
            Arbitraries.integers().greaterOrEqual(0),
            times,
            Arbitraries.of(Actor.class).list().ofMaxSize(4),
            text().list().ofMaxSize(4),
            Arbitraries.maps(text(), text().list().ofMaxSize(3)).ofMaxSize(3),
            Arbitraries.longs().greaterOrEqual(0))
        .as(
            (id, texts, seq, created, actors, tags, labels, size) ->
                new ChunkMeta(
                    id,
                    texts.get(0),
                    texts.get(1),
                    texts.get(2),
                    seq,
                    created,
                    actors,
                    texts.get(3),
                    tags,
                    texts.get(4),
                    labels,
                    texts.get(5),
                    size));
  }

  @Property
  void everyFormat(@ForAll("metas") ChunkMeta meta) {
    MetaFieldsTest.formats()
        .forEach(
            format -> {
              String name = (String) format.get()[0];
              @SuppressWarnings("unchecked")
              UnaryOperator<ChunkMeta> roundTrip = (UnaryOperator<ChunkMeta>) format.get()[1];
              if (!name.contains("earlier versions") || !hasYamlLineBreak(meta)) {
                assertThat(roundTrip.apply(meta)).as(name).isEqualTo(meta);
              }
            });
  }

  /**
   * Whether a text holds a character that YAML 1.1 reads as a line break and the writer of earlier
   * versions left unescaped: such a file reads it back as a space, which is why front matter
   * escapes them now (adr/0015).
   */
  private static boolean hasYamlLineBreak(ChunkMeta meta) {
    return meta.toString().chars().anyMatch(c -> c == 0x85 || c == 0x2028 || c == 0x2029);
  }
}
