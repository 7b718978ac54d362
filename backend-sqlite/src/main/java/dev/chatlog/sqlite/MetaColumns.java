package dev.chatlog.sqlite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.chatlog.engine.MetaFields;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.StringJoiner;

/**
 * The metadata columns of the {@code chunks} table, made from the one list of fields ({@link
 * MetaFields}). The fields that SQL filters, sorts, deduplicates or counts on have a column of
 * their own, named as the field and holding {@link MetaFields.Field#column} (text, whole numbers, a
 * time as nanoseconds since the epoch, lists and maps as JSON); every other field is in the {@code
 * meta} column, one JSON object written and read by {@link MetaFields}. A field added to {@code
 * ChunkMeta} is kept in {@code meta} with no change here; a column of its own, for a filter, is a
 * schema migration and one more entry of {@link #COLUMNS}. Immutable.
 */
final class MetaColumns {
  /** The fields with a column of their own: the columns of schema version 1. */
  static final List<MetaFields.Field<?>> COLUMNS =
      List.of(
          MetaFields.ID,
          MetaFields.PROJECT,
          MetaFields.TOPIC,
          MetaFields.SESSION,
          MetaFields.SEQ,
          MetaFields.CREATED,
          MetaFields.ACTORS,
          MetaFields.SOURCE,
          MetaFields.TAGS,
          MetaFields.SUMMARY,
          MetaFields.LABELS,
          MetaFields.SHA256,
          MetaFields.SIZE);

  /** The schema version that added the {@code meta} column. */
  static final int META_SINCE = 3;

  private static final JsonFactory JSON = new JsonFactory();

  private final List<MetaFields.Field<?>> columns;
  private final String select;
  private final String insert;

  /**
   * @param columns the fields with a column of their own; {@link MetaFields.Field#name} is its name
   * @param hasMeta whether the table has the {@code meta} column; a table without it (a read-only
   *     database of an older schema) holds no other field
   */
  MetaColumns(List<MetaFields.Field<?>> columns, boolean hasMeta) {
    this.columns = List.copyOf(columns);
    StringJoiner select = new StringJoiner(", ");
    StringJoiner insert = new StringJoiner(", ");
    for (MetaFields.Field<?> field : columns) {
      select.add("c." + field.name());
      insert.add(field.name());
    }
    this.select = select.add(hasMeta ? "c.meta" : "'{}'").toString();
    this.insert = insert.add("meta").toString();
  }

  /** The columns of a database of schema {@code version}. */
  static MetaColumns of(int version) {
    return new MetaColumns(COLUMNS, version >= META_SINCE);
  }

  /** The columns to select from the table aliased {@code c}, in the order {@link #read} reads. */
  String select() {
    return select;
  }

  /** How many columns {@link #select} names. */
  int count() {
    return columns.size() + 1;
  }

  /** The names of the columns {@link #bind} binds, in its order, for an {@code INSERT}. */
  String insert() {
    return insert;
  }

  /**
   * Binds the columns of {@code meta}, in the order of {@link #insert}, from parameter {@code
   * first}; returns the next parameter's index.
   */
  int bind(PreparedStatement statement, int first, ChunkMeta meta) throws SQLException {
    int index = first;
    for (MetaFields.Field<?> field : columns) {
      statement.setObject(index++, field.column(meta));
    }
    StringWriter others = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(others)) {
      MetaFields.writeObject(out, meta, field -> !columns.contains(field));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the metadata of " + meta.id(), e);
    }
    statement.setString(index++, others.toString());
    return index;
  }

  /**
   * Reads the columns of {@link #select} from the one after {@code offset}.
   *
   * @param location the database, named in errors
   * @throws CorruptDataException naming the chunk (when its id is one) and the field that cannot be
   *     read, never what the database holds
   */
  ChunkMeta read(ResultSet rows, int offset, String location) throws SQLException {
    try {
      MetaFields.Values values = new MetaFields.Values();
      try (JsonParser in = JSON.createParser(rows.getString(offset + count()))) {
        in.nextToken();
        MetaFields.readObject(in, values);
      }
      int index = offset + 1;
      for (MetaFields.Field<?> field : columns) {
        values.readColumn(field, rows.getObject(index++));
      }
      return values.toMeta();
    } catch (IOException | RuntimeException e) {
      String id = rows.getString(offset + 1);
      throw new CorruptDataException(
          "Cannot read "
              + (id != null && ChunkId.isValid(id) ? "chunk " + id : "a chunk")
              + " from "
              + location
              + ": bad metadata: "
              + (e instanceof IOException ? "column meta: " : "")
              + MetaFields.describe(e));
    }
  }
}
