package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.IndexFeed;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.spi.ChunkStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The local index fed source by source, with hand-made feeds. */
class LocalIndexFeedTest {
  private static final String LOCATION = "memory://local-index-feed-test";

  private final TempDatabase folder = new TempDatabase();
  private final ChunkStore source = folder.open();
  private final SqliteLocalSearchIndex index =
      new SqliteLocalSearchIndex(folder.file().getParent().resolve("cache"));

  @AfterEach
  void tearDown() {
    source.close();
    folder.cleanUp();
  }

  private ChunkMeta save(String body) {
    return UserChunks.save(source, "s", body);
  }

  private List<ChunkMeta> search(IndexFeed feed) {
    return index.search(LOCATION, SearchQuery.of("word"), feed, source::readAll).stream()
        .map(SearchHit::meta)
        .toList();
  }

  /** A feed of fixed sources that counts reads and may run something when first listed. */
  private static final class Feed implements IndexFeed {
    private final Map<String, Records> sources = new LinkedHashMap<>();
    private final List<String> read = new ArrayList<>();
    private Runnable onList = () -> {};
    private boolean vanished;

    Feed with(String name, List<ChunkMeta> entries) {
      sources.put(name, new Records(entries, List.of()));
      return this;
    }

    @Override
    public List<String> sources() {
      onList.run();
      return List.copyOf(sources.keySet());
    }

    @Override
    public Map<String, Records> records(List<String> names) {
      read.addAll(names);
      Map<String, Records> out = new LinkedHashMap<>();
      if (vanished) {
        return out; // merged away between the listing and the read
      }
      names.forEach(name -> out.put(name, sources.get(name)));
      return out;
    }

    @Override
    public List<ChunkMeta> live() {
      throw new AssertionError("the incremental index never asks for the live list");
    }
  }

  @Test
  void anOlderListingDoesNotOverwriteWhatAnotherProcessAppliedMeanwhile() {
    ChunkMeta old = save("word old");
    ChunkMeta fresh = save("word fresh");
    Feed newer = new Feed().with("segment-2", List.of(fresh));
    Feed older = new Feed().with("segment-1", List.of(old));
    older.onList = () -> assertThat(search(newer)).containsExactly(fresh);

    assertThat(search(older)).as("the other process's state, as it is").containsExactly(fresh);
    older.onList = () -> {};
    assertThat(search(newer)).containsExactly(fresh);
    assertThat(newer.read).as("read once, then known").containsExactly("segment-2");
  }

  @Test
  void aSourceThatVanishedWhileReadIsReadAgainAndRemovalsWait() {
    ChunkMeta first = save("word first");
    ChunkMeta second = save("word second");
    assertThat(search(new Feed().with("segment-1", List.of(first)))).containsExactly(first);
    Feed racing = new Feed().with("segment-2", List.of(first, second));
    racing.vanished = true;

    assertThat(search(racing)).as("segment-1 is gone but nothing replaced it yet").hasSize(1);
    Feed settled = new Feed().with("segment-2", List.of(first, second));
    assertThat(search(settled)).containsExactlyInAnyOrder(first, second);
    assertThat(settled.read).containsExactly("segment-2");
  }

  @Test
  void aNewChunkRepeatingTheContentOfARetiredOneIsFound() {
    ChunkMeta before = save("word same");
    assertThat(search(new Feed().with("segment-1", List.of(before)))).containsExactly(before);
    source.delete(List.of(before.id()));
    ChunkMeta again = save("word same");

    assertThat(search(new Feed().with("segment-2", List.of(again)))).containsExactly(again);
  }
}
