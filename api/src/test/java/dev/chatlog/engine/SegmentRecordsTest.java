package dev.chatlog.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.ChunkId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class SegmentRecordsTest {
  private static final String A = "01HQX6Y3G8M2W6V3J0K8D7ZAAA";
  private static final String B = "01HQX6Y3G8M2W6V3J0K8D7ZBBB";

  private static String tombstone(String id) {
    return IndexCodec.recordLine(new IndexRecord.Tombstone(ChunkId.of(id), "p", "t", "s"));
  }

  @Test
  void blankLinesAreSkippedAndEachLineIsDecodedWhenAskedFor() {
    String text = "\n" + tombstone(A) + "\n  \t\n" + tombstone(B) + "\n";

    SegmentRecords records = SegmentRecords.parse("seg", text.getBytes(UTF_8), new LongAdder());

    assertThat(records.has(1)).isTrue();
    assertThat(records.has(2)).isFalse();
    assertThat(records.get(1).target()).isEqualTo(ChunkId.of(B));
    assertThat(records.all())
        .extracting(IndexRecord::target)
        .containsExactly(ChunkId.of(A), ChunkId.of(B));
  }

  @Test
  void anUnreadableLineIsNamedByItsNumberInTheFileAndOnlyWhenReached() {
    String text = tombstone(A) + "\n\n{not json\n";

    SegmentRecords records = SegmentRecords.parse("seg", text.getBytes(UTF_8), new LongAdder());

    assertThat(records.get(0).target()).isEqualTo(ChunkId.of(A));
    assertThatThrownBy(() -> records.get(1))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageStartingWith("Cannot read index seg line 3: ");
    assertThatThrownBy(records::all).isInstanceOf(CorruptDataException.class);
  }

  @Test
  void linesHoldingOtherCharactersAreSplitOnLineFeedsOnly() {
    IndexRecord accented = new IndexRecord.Tombstone(ChunkId.of(A), "projé", "tøpic", "s\u2028");
    String text =
        IndexCodec.recordLine(accented) + "\r\n\u2003\u3000\n" + tombstone(B); // no last line feed

    SegmentRecords records = SegmentRecords.parse("seg", text.getBytes(UTF_8), new LongAdder());

    assertThat(records.all())
        .containsExactly(accented, new IndexRecord.Tombstone(ChunkId.of(B), "p", "t", "s"));
  }

  @Test
  void aRecordPastTheEndIsRefused() {
    SegmentRecords records =
        SegmentRecords.parse("seg", (tombstone(A) + "\n").getBytes(UTF_8), new LongAdder());

    assertThatThrownBy(() -> records.get(1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("Cannot read record 1 of seg: it has 1");
  }

  @Test
  void recordsGivenDecodedAreKeptAsGiven() {
    IndexRecord one = new IndexRecord.Tombstone(ChunkId.of(A), "p", "t", "s");

    SegmentRecords records = SegmentRecords.of("inbox", List.of(one));

    assertThat(records.has(0)).isTrue();
    assertThat(records.has(1)).isFalse();
    assertThat(records.get(0)).isSameAs(one);
    assertThat(records.all()).containsExactly(one);
  }

  private static final String C = "01HQX6Y3G8M2W6V3J0K8D7ZCCC";
  private static final String D = "01HQX6Y3G8M2W6V3J0K8D7ZDDD";

  private static IndexRecord.Tombstone tombstone(String id, String session) {
    return new IndexRecord.Tombstone(ChunkId.of(id), "p", "t", session);
  }

  private static SegmentRecords segment(IndexRecord... records) {
    StringBuilder text = new StringBuilder();
    for (IndexRecord record : records) {
      text.append(IndexCodec.recordLine(record)).append('\n');
    }
    return SegmentRecords.parse("seg", text.toString().getBytes(UTF_8), new LongAdder());
  }

  /** Every record of a session, each decoded, as a save numbering from all of them reads them. */
  private static List<IndexRecord> ofSession(
      SegmentRecords records, String project, String topic, String session) {
    return records
        .forSave(
            Sessions.name(project, topic, session), Integer.MAX_VALUE, Integer.MAX_VALUE, Set.of())
        .records();
  }

  @Test
  void aSessionsRecordsAreFoundInOrderAndNoOtherSessions() {
    SegmentRecords records =
        segment(
            tombstone(A, "s-19"),
            tombstone(B, "s-1"),
            tombstone(C, "s-1 and more"),
            new IndexRecord.Tombstone(ChunkId.of(D), "other", "t", "s-1"));

    assertThat(ofSession(records, "p", "t", "s-1")).containsExactly(tombstone(B, "s-1"));
    assertThat(ofSession(records, "p", "t", "s-19")).containsExactly(tombstone(A, "s-19"));
    assertThat(ofSession(records, "p", "t", "none")).isEmpty();
  }

  @Test
  void aSessionNamedInAnotherFieldIsNotTakenForIt() {
    IndexRecord.Tombstone projectNamedLikeTheSession =
        new IndexRecord.Tombstone(ChunkId.of(A), "s-1", "t", "s-2");
    SegmentRecords records = segment(projectNamedLikeTheSession, tombstone(B, "s-1"));

    assertThat(ofSession(records, "p", "t", "s-1")).containsExactly(tombstone(B, "s-1"));
  }

  @Test
  void sessionsAJsonWriterMayEscapeAreFoundByDecodingEveryLine() {
    SegmentRecords records =
        segment(
            tombstone(A, "feature/x"),
            tombstone(B, "say \"hi\""),
            tombstone(C, "back\\slash"),
            tombstone(D, "\u00e9t\u00e9 \u2028"));

    assertThat(ofSession(records, "p", "t", "feature/x"))
        .containsExactly(tombstone(A, "feature/x"));
    assertThat(ofSession(records, "p", "t", "say \"hi\""))
        .containsExactly(tombstone(B, "say \"hi\""));
    assertThat(ofSession(records, "p", "t", "back\\slash"))
        .containsExactly(tombstone(C, "back\\slash"));
    assertThat(ofSession(records, "p", "t", "\u00e9t\u00e9 \u2028"))
        .containsExactly(tombstone(D, "\u00e9t\u00e9 \u2028"));
  }

  @Test
  void onlyUnreadableLinesThatMayHoldTheSessionAreReported() {
    String text =
        tombstone(A)
            + "\n{not json at all\n"
            + IndexCodec.recordLine(tombstone(B, "wanted"))
            + "\n{\"session\":\"wanted\", broken\n";
    SegmentRecords records = SegmentRecords.parse("seg", text.getBytes(UTF_8), new LongAdder());

    assertThat(ofSession(records, "p", "t", "s")).containsExactly(tombstone(A, "s"));
    assertThatThrownBy(() -> ofSession(records, "p", "t", "wanted"))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageStartingWith("Cannot read index seg line 4: ");
  }

  @Test
  void recordsGivenDecodedAreSearchedAsTheyAre() {
    SegmentRecords records =
        SegmentRecords.of("inbox", List.of(tombstone(A, "s-1"), tombstone(B, "s-2")));

    assertThat(ofSession(records, "p", "t", "s-2")).containsExactly(tombstone(B, "s-2"));
  }

  @Test
  void firstBelowFindsWhereAPageStartsAndPeekKeepsNothingDecoded() {
    String c = "01HQX6Y3G8M2W6V3J0K8D7ZCCC";
    // newest first, as segments are written
    String text = tombstone(c) + "\n" + tombstone(B) + "\n" + tombstone(A) + "\n";
    LongAdder decoded = new LongAdder();
    SegmentRecords records = SegmentRecords.parse("seg", text.getBytes(UTF_8), decoded);

    assertThat(records.firstBelow(ChunkId.of(B))).isEqualTo(2);
    assertThat(records.firstBelow(ChunkId.of("01HQX6Y3G8M2W6V3J0K8D7ZZZZ"))).isZero();
    assertThat(records.firstBelow(ChunkId.of(A))).isEqualTo(3);
    long probes = decoded.sum();
    assertThat(records.peek(1).target()).isEqualTo(ChunkId.of(B));
    assertThat(records.peek(1).target()).isEqualTo(ChunkId.of(B));
    assertThat(decoded.sum()).isEqualTo(probes + 2);
    assertThatThrownBy(() -> records.peek(3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void firstBelowStartsAtTheTopWhenItMeetsAnUnreadableLine() {
    String text = tombstone(B) + "\n{not json\n" + tombstone(A) + "\n";

    SegmentRecords records = SegmentRecords.parse("seg", text.getBytes(UTF_8), new LongAdder());

    assertThat(records.firstBelow(ChunkId.of(A))).isZero();
  }
}
