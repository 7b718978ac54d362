package dev.chatlog.sqlite;

import dev.chatlog.search.QueryNode;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.DoubleStream;
import java.util.stream.LongStream;

/**
 * For each word that many chunks hold, the chunks where it weighs most and its newest (table {@code
 * word_lists}, schema version 4): what lets a search of common words score a few hundred chunks
 * instead of every match (adr/0032). A word's weight in a chunk is its BM25 saturated frequency
 * {@code g} ({@link WordList}); a list holds, among the chunks up to a rowid, the {@link #length}
 * of highest {@code g} and the {@link #length} newest, with the {@code g} that no chunk left out
 * exceeds and a time that none reaches.
 *
 * <p>A list is made by the first search of its word once more than {@link #common} chunks hold it
 * (one pass over its matches), and takes in the chunks saved after it once more than {@link #fresh}
 * of them hold the word; a search scores those few one by one meanwhile. Removing or re-indexing
 * any chunk forgets every list ({@link #forgetAll}), so a list never speaks for a chunk it has not
 * seen. Lists are only written by a connection that may write, and only when no other holds the
 * write lock: a search never waits for one.
 *
 * @param length the strongest chunks, and the newest, that a list holds when made
 * @param common the matches past which a word is listed; below, ranking every match is fast
 * @param fresh the matches of a word saved after its list that a search scores one by one
 */
record WordLists(int length, long common, int fresh) {
  /**
   * The sizes of every database: the 16,384 strongest and newest chunks of each word that more than
   * 16,384 chunks hold.
   */
  static final WordLists DEFAULT = new WordLists(16_384, 16_384, 64);

  /** The schema version that has the table. */
  static final int SINCE_VERSION = 4;

  /** Bytes of one listed chunk in {@code entries}: its rowid, {@code g} and time. */
  private static final int ENTRY_BYTES = 2 * Long.BYTES + Double.BYTES;

  /**
   * A list grown past this many times its length is made again instead: one made holds at most
   * about two (the strongest and the newest chunks).
   */
  private static final int REMAKE_AT = 4;

  /**
   * One word's list. {@code g} is {@code f * (k1 + 1) / (f + k1 * (1 - b + b * length / average))},
   * with {@code f} the word's matches weighted by field: the part of a chunk's BM25 that this word
   * gives, before its idf.
   *
   * @param word the folded word
   * @param through the highest search rowid the list has seen: chunks above it are not in it
   * @param matching how many chunks up to {@code through} hold the word
   * @param average the least average length (tokens per chunk) that any {@code g} of the list was
   *     computed with; a larger average since makes every {@code g} at most {@code now / average}
   *     times larger
   * @param floor the highest {@code g} of a chunk up to {@code through} that is not listed
   * @param cut a time (nanoseconds since the epoch) no chunk up to {@code through} that is not
   *     listed reaches: the list holds every newer one
   * @param rowids the listed chunks, in ascending order
   * @param strengths the {@code g} of each listed chunk
   * @param created the time of each listed chunk, as {@code chunks.created} holds it
   */
  record WordList(
      String word,
      long through,
      long matching,
      double average,
      double floor,
      long cut,
      long[] rowids,
      double[] strengths,
      long[] created) {}

  /**
   * The words of a query whose lists a search may use: every positive part a single word, in a
   * database that has lists; empty otherwise.
   */
  static List<String> words(ChunkRows rows, List<QueryNode> leaves) {
    if (rows.version() < SINCE_VERSION
        || !leaves.stream().allMatch(leaf -> leaf instanceof QueryNode.Term)) {
      return List.of();
    }
    return leaves.stream().map(leaf -> ((QueryNode.Term) leaf).token()).distinct().toList();
  }

  /** The lists the database holds for {@code words}, by word; words without one are left out. */
  static Map<String, WordList> read(Connection connection, Collection<String> words)
      throws SQLException {
    Map<String, WordList> out = new LinkedHashMap<>();
    if (words.isEmpty()) {
      return out;
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT through, matching, average, floor, cut, entries FROM word_lists WHERE word = ?")) {
      for (String word : words) {
        select.setString(1, word);
        try (ResultSet result = select.executeQuery()) {
          if (result.next()) {
            out.put(word, decode(word, result));
          }
        }
      }
    }
    return out;
  }

  /**
   * Makes or extends the lists of {@code words} that need it, when the database may be written and
   * no other connection is writing: else leaves them, and searches score more chunks meanwhile.
   */
  void refresh(ChunkRows rows, List<String> words) throws SQLException {
    if (words.isEmpty() || !rows.writable() || !needsWork(rows.connection(), words)) {
      return;
    }
    Connection connection = rows.connection();
    try (Statement statement = connection.createStatement()) {
      if (!beginWithoutWaiting(statement)) {
        return;
      }
      try {
        Fts5Totals totals = Fts5Totals.read(connection);
        Map<String, WordList> lists = read(connection, words);
        for (String word : words) {
          Optional<WordList> updated = update(connection, word, lists.get(word), totals);
          if (updated.isPresent()) {
            save(connection, updated.get());
          }
        }
        statement.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        statement.execute("ROLLBACK");
        throw e;
      }
    }
  }

  /**
   * Whether the list of a word of the query is missing or behind ({@link #stale}), from the number
   * of chunks that hold each word now.
   *
   * @param leaves the query's positive parts, all words when it has lists ({@link #words})
   * @param lists the words' lists, by word
   * @param matching per part, the chunks that hold it
   */
  boolean behind(List<QueryNode> leaves, Map<String, WordList> lists, long[] matching) {
    for (int leaf = 0; leaf < leaves.size(); leaf++) {
      if (leaves.get(leaf) instanceof QueryNode.Term term) {
        WordList list = lists.get(term.token());
        if (list == null
            ? needsList(matching[leaf])
            : needsExtending(matching[leaf] - list.matching())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a word of {@code words} is common and unlisted, or has many matches past its list. */
  private boolean needsWork(Connection connection, List<String> words) throws SQLException {
    Map<String, Long> through = new LinkedHashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement("SELECT through FROM word_lists WHERE word = ?")) {
      for (String word : words) {
        select.setString(1, word);
        try (ResultSet result = select.executeQuery()) {
          if (result.next()) {
            through.put(word, result.getLong(1));
          }
        }
      }
    }
    for (String word : words) {
      if (stale(connection, word, through.get(word))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a word needs its list made (none yet, {@code through} null, and more than {@link
   * #common} chunks hold it) or extended (more than {@link #fresh} chunks after it hold it).
   */
  private boolean stale(Connection connection, String word, Long through) throws SQLException {
    return through == null
        ? needsList(countAfter(connection, word, 0))
        : needsExtending(countAfter(connection, word, through));
  }

  /** Whether a word that {@code matching} chunks hold, and that has no list, needs one. */
  private boolean needsList(long matching) {
    return matching > common;
  }

  /** Whether a list needs to take in the {@code added} chunks after it that hold its word. */
  private boolean needsExtending(long added) {
    return added > fresh;
  }

  /** The list {@code word} should have now, if it differs from {@code list}. */
  private Optional<WordList> update(
      Connection connection, String word, WordList list, Fts5Totals totals) throws SQLException {
    if (!stale(connection, word, list == null ? null : list.through())) {
      return Optional.empty();
    }
    if (list == null) {
      return Optional.of(make(connection, word, totals));
    }
    WordList grown = extend(connection, list, totals);
    return Optional.of(
        grown.rowids().length > REMAKE_AT * length ? make(connection, word, totals) : grown);
  }

  /** How many search rows above rowid {@code after} hold {@code word}. */
  static long countAfter(Connection connection, String word, long after) throws SQLException {
    try (PreparedStatement count =
        connection.prepareStatement(
            "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid > ?")) {
      count.setString(1, FtsQuery.of(new QueryNode.Term(word)));
      count.setLong(2, after);
      try (ResultSet result = count.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  /**
   * A new list of {@code word}: one pass over every chunk that holds it, keeping the {@link
   * #length} strongest and the {@link #length} newest.
   */
  private WordList make(Connection connection, String word, Fts5Totals totals) throws SQLException {
    Matches matches = matches(connection, word, 0, totals, 0);
    double strong = matches.threshold(matches.strengths(), length);
    long cut = matches.threshold(matches.created(), length);
    boolean[] kept = new boolean[matches.count()];
    for (int i = 0; i < matches.count(); i++) {
      kept[i] = matches.strengths()[i] >= strong || matches.created()[i] >= cut;
    }
    return matches.list(word, lastRowid(connection), 0, totals.averageLength(), cut, kept);
  }

  /**
   * {@code list} with the chunks saved after it that its bounds do not cover: where its word weighs
   * more than the list's floor, or that are not older than its cut.
   */
  private WordList extend(Connection connection, WordList list, Fts5Totals totals)
      throws SQLException {
    Matches added = matches(connection, list.word(), list.through(), totals, list.matching());
    boolean[] kept = new boolean[added.count()];
    for (int i = 0; i < added.count(); i++) {
      kept[i] = added.strengths()[i] > list.floor() || added.created()[i] >= list.cut();
    }
    WordList more =
        added.list(
            list.word(),
            lastRowid(connection),
            list.matching(),
            Math.min(list.average(), totals.averageLength()),
            list.cut(),
            kept);
    return new WordList(
        list.word(),
        more.through(),
        more.matching(),
        more.average(),
        Math.max(list.floor(), more.floor()),
        list.cut(),
        LongStream.concat(Arrays.stream(list.rowids()), Arrays.stream(more.rowids())).toArray(),
        DoubleStream.concat(Arrays.stream(list.strengths()), Arrays.stream(more.strengths()))
            .toArray(),
        LongStream.concat(Arrays.stream(list.created()), Arrays.stream(more.created())).toArray());
  }

  /**
   * Every chunk above a rowid that holds a word, in rowid order: its {@code g} of the word and its
   * time.
   */
  private record Matches(long[] rowids, double[] strengths, long[] created, int count) {
    /**
     * The value at or above which {@code top} of the matches are (a few more on ties); below any
     * value when there are not more.
     */
    double threshold(double[] values, int top) {
      if (count <= top) {
        return Double.NEGATIVE_INFINITY;
      }
      double[] sorted = Arrays.copyOf(values, count);
      Arrays.sort(sorted);
      return sorted[count - top];
    }

    long threshold(long[] values, int top) {
      if (count <= top) {
        return Long.MIN_VALUE;
      }
      long[] sorted = Arrays.copyOf(values, count);
      Arrays.sort(sorted);
      return sorted[count - top];
    }

    /** The list of the matches {@code kept}, whose floor is the highest {@code g} of the others. */
    WordList list(
        String word, long through, long before, double average, long cut, boolean[] kept) {
      int listed = 0;
      double floor = 0;
      for (int i = 0; i < count; i++) {
        if (kept[i]) {
          listed++;
        } else {
          floor = Math.max(floor, strengths[i]);
        }
      }
      long[] keptRowids = new long[listed];
      double[] keptStrengths = new double[listed];
      long[] keptCreated = new long[listed];
      int at = 0;
      for (int i = 0; i < count; i++) {
        if (kept[i]) {
          keptRowids[at] = rowids[i];
          keptStrengths[at] = strengths[i];
          keptCreated[at++] = created[i];
        }
      }
      return new WordList(
          word,
          through,
          before + count,
          average,
          floor,
          cut,
          keptRowids,
          keptStrengths,
          keptCreated);
    }
  }

  /**
   * Reads the {@code g} of {@code word} and the time of every chunk above rowid {@code after} that
   * holds it. FTS5's {@code bm25()} of a one-word query is that word's idf (its own, {@link
   * RelevanceBound#fts5Idf}, from every chunk that holds the word: the ones read and {@code before}
   * more) times {@code g}.
   */
  private static Matches matches(
      Connection connection, String word, long after, Fts5Totals totals, long before)
      throws SQLException {
    long[] rowids = new long[1024];
    double[] bm25 = new double[1024];
    long[] created = new long[1024];
    int count = 0;
    try (PreparedStatement scan =
        connection.prepareStatement(
            "SELECT f.rowid, -bm25(chunks_fts, "
                + Schema.BM25_WEIGHTS
                + "), c.created FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid"
                + " WHERE chunks_fts MATCH ? AND f.rowid > ? ORDER BY f.rowid")) {
      scan.setString(1, FtsQuery.of(new QueryNode.Term(word)));
      scan.setLong(2, after);
      try (ResultSet result = scan.executeQuery()) {
        while (result.next()) {
          if (count == rowids.length) {
            rowids = Arrays.copyOf(rowids, 2 * count);
            bm25 = Arrays.copyOf(bm25, 2 * count);
            created = Arrays.copyOf(created, 2 * count);
          }
          rowids[count] = result.getLong(1);
          bm25[count] = result.getDouble(2);
          created[count++] = result.getLong(3);
        }
      }
    }
    double idf = RelevanceBound.fts5Idf(totals.rows(), before + count);
    for (int i = 0; i < count; i++) {
      bm25[i] /= idf;
    }
    return new Matches(rowids, bm25, created, count);
  }

  /**
   * The highest rowid of a chunk: a chunk saved later gets a higher one, so that it is never taken
   * for one the list has seen (the search rows' highest could be an orphan's, above it).
   */
  private static long lastRowid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT max(rowid) FROM chunks")) {
      result.next();
      return result.getLong(1);
    }
  }

  private static void save(Connection connection, WordList list) throws SQLException {
    ByteBuffer entries = ByteBuffer.allocate(list.rowids().length * ENTRY_BYTES);
    for (int i = 0; i < list.rowids().length; i++) {
      entries.putLong(list.rowids()[i]).putDouble(list.strengths()[i]).putLong(list.created()[i]);
    }
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT OR REPLACE INTO word_lists"
                + " (word, through, matching, average, floor, cut, entries)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      upsert.setString(1, list.word());
      upsert.setLong(2, list.through());
      upsert.setLong(3, list.matching());
      upsert.setDouble(4, list.average());
      upsert.setDouble(5, list.floor());
      upsert.setLong(6, list.cut());
      upsert.setBytes(7, entries.array());
      upsert.executeUpdate();
    }
  }

  private static WordList decode(String word, ResultSet result) throws SQLException {
    ByteBuffer entries = ByteBuffer.wrap(result.getBytes(6));
    int count = entries.remaining() / ENTRY_BYTES;
    long[] rowids = new long[count];
    double[] strengths = new double[count];
    long[] created = new long[count];
    for (int i = 0; i < count; i++) {
      rowids[i] = entries.getLong();
      strengths[i] = entries.getDouble();
      created[i] = entries.getLong();
    }
    return new WordList(
        word,
        result.getLong(1),
        result.getLong(2),
        result.getDouble(3),
        result.getDouble(4),
        result.getLong(5),
        rowids,
        strengths,
        created);
  }

  /** Forgets every list: a chunk was removed or indexed again. */
  static void forgetAll(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM word_lists");
    }
  }

  /**
   * Begins a write transaction if no other connection holds the write lock, without waiting for it;
   * false when one does.
   */
  private static boolean beginWithoutWaiting(Statement statement) throws SQLException {
    int timeout;
    try (ResultSet result = statement.executeQuery("PRAGMA busy_timeout")) {
      result.next();
      timeout = result.getInt(1);
    }
    statement.execute("PRAGMA busy_timeout = 0");
    try {
      statement.execute("BEGIN IMMEDIATE");
      return true;
    } catch (SQLException e) {
      if (SqliteErrors.isBusy(e)) {
        return false;
      }
      throw e;
    } finally {
      statement.execute("PRAGMA busy_timeout = " + timeout);
    }
  }
}
