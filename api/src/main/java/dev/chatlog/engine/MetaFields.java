package dev.chatlog.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The fields of {@link ChunkMeta}, listed once. A {@link Field} has its name, how Jackson's
 * streaming writer writes its value, how a streaming parser reads it back, and its form in a table
 * column. Every format that holds metadata is made from {@link #ALL}: index entries (inbox entries
 * and segment lines, {@link IndexCodec}), chunk front matter ({@link FrontMatter}, read back by the
 * YAML parser, whose tokens are JSON's), the command line's JSON output and the SQLite store's
 * rows.
 *
 * <p>A new component of {@link ChunkMeta} is one more field here, listed in the record's order, and
 * one more argument of {@link Values#toMeta}, which the compiler asks for; {@code MetaFieldsTest}
 * checks that the list and the record agree and that every format gives a value back.
 *
 * <p>Reading takes what earlier versions and people editing a file may write: any scalar reads as
 * its text ({@code true} as a string, {@code "600"} as a number); {@code null} is a missing field;
 * a missing list or map is empty; a label whose value is not a list has no values; names that are
 * no field are skipped, and of a name given twice the last value counts. Everything else is a
 * {@link FieldException} that names the field and never quotes what was read: a store may be
 * shared, and a damaged or hostile file may hold anything, credentials included.
 */
public final class MetaFields {
  /** The factory of the JSON this class writes and reads on its own (a column's value). */
  private static final JsonFactory JSON = new JsonFactory();

  private static final Plain PLAIN = new Plain();

  // Each field and type is a small class rather than a method reference: every command that reads
  // the index starts them, and a fresh process links a lambda in a tenth of a millisecond or more
  // but loads a class of the start-up archive in microseconds. Measured from the archive on a
  // loaded two-core machine, this class starts in about 1 ms, and took 16 ms with lambdas
  // (adr/0023).

  /** The chunk's id. */
  public static final Field<ChunkId> ID =
      new Field<>("id", new Id(), null) {
        @Override
        ChunkId of(ChunkMeta meta) {
          return meta.id();
        }
      };

  /** The project. */
  public static final Field<String> PROJECT =
      new Field<>("project", PLAIN, null) {
        @Override
        String of(ChunkMeta meta) {
          return meta.project();
        }
      };

  /** The topic. */
  public static final Field<String> TOPIC =
      new Field<>("topic", PLAIN, null) {
        @Override
        String of(ChunkMeta meta) {
          return meta.topic();
        }
      };

  /** The session. */
  public static final Field<String> SESSION =
      new Field<>("session", PLAIN, null) {
        @Override
        String of(ChunkMeta meta) {
          return meta.session();
        }
      };

  /** The position in the session. */
  public static final Field<Integer> SEQ =
      new Field<>("seq", new Whole<>(Integer.class), null) {
        @Override
        Integer of(ChunkMeta meta) {
          return meta.seq();
        }
      };

  /** When the content was written. */
  public static final Field<Instant> CREATED =
      new Field<>("created", new Time(), null) {
        @Override
        Instant of(ChunkMeta meta) {
          return meta.created();
        }
      };

  /** Who speaks in the body. */
  public static final Field<List<Actor>> ACTORS =
      new Field<>("actors", new ListOf<>(new Speaker()), List.of()) {
        @Override
        List<Actor> of(ChunkMeta meta) {
          return meta.actors();
        }
      };

  /** What saved the chunk. */
  public static final Field<String> SOURCE =
      new Field<>("source", PLAIN, null) {
        @Override
        String of(ChunkMeta meta) {
          return meta.source();
        }
      };

  /** The tags. */
  public static final Field<List<String>> TAGS =
      new Field<>("tags", new ListOf<>(PLAIN), List.of()) {
        @Override
        List<String> of(ChunkMeta meta) {
          return meta.tags();
        }
      };

  /** The one-line summary. */
  public static final Field<String> SUMMARY =
      new Field<>("summary", PLAIN, "") {
        @Override
        String of(ChunkMeta meta) {
          return meta.summary();
        }
      };

  /** The labels, key to values. */
  public static final Field<Map<String, List<String>>> LABELS =
      new Field<>("labels", new LabelMap(), Map.of()) {
        @Override
        Map<String, List<String>> of(ChunkMeta meta) {
          return meta.labels();
        }
      };

  /** The SHA-256 of the body. */
  public static final Field<String> SHA256 =
      new Field<>("sha256", PLAIN, null) {
        @Override
        String of(ChunkMeta meta) {
          return meta.sha256();
        }
      };

  /** The size of the body in bytes. */
  public static final Field<Long> SIZE =
      new Field<>("size", new Whole<>(Long.class), null) {
        @Override
        Long of(ChunkMeta meta) {
          return meta.size();
        }
      };

  /**
   * Every field, in the order of {@link ChunkMeta}'s components, which is the order every format
   * writes them in.
   */
  public static final List<Field<?>> ALL =
      List.of(
          ID, PROJECT, TOPIC, SESSION, SEQ, CREATED, ACTORS, SOURCE, TAGS, SUMMARY, LABELS, SHA256,
          SIZE);

  private static final Map<String, Field<?>> BY_NAME = byName();

  private MetaFields() {}

  private static Map<String, Field<?>> byName() {
    Map<String, Field<?>> byName = new HashMap<>();
    for (Field<?> field : ALL) {
      byName.put(field.name(), field);
    }
    return Map.copyOf(byName);
  }

  /** Writes every field of {@code meta}, name and value, into the object the generator is in. */
  public static void writeFields(JsonGenerator out, ChunkMeta meta) throws IOException {
    for (Field<?> field : ALL) {
      out.writeFieldName(field.name());
      field.writeValue(out, meta);
    }
  }

  /** Writes an object of every field of {@code meta}. */
  public static void writeObject(JsonGenerator out, ChunkMeta meta) throws IOException {
    out.writeStartObject();
    writeFields(out, meta);
    out.writeEndObject();
  }

  /** Writes an object of the fields of {@code meta} that {@code included} selects. */
  public static void writeObject(JsonGenerator out, ChunkMeta meta, Predicate<Field<?>> included)
      throws IOException {
    out.writeStartObject();
    for (Field<?> field : ALL) {
      if (included.test(field)) {
        out.writeFieldName(field.name());
        field.writeValue(out, meta);
      }
    }
    out.writeEndObject();
  }

  /**
   * Reads the fields of an object into {@code values}: the parser is on the object's start, and is
   * left on its end.
   *
   * @throws FieldException when the parser is not on an object's start, or a field's value cannot
   *     be read
   * @throws JsonProcessingException when the text is not JSON (or YAML) at all
   */
  public static void readObject(JsonParser in, Values values) throws IOException {
    if (in.currentToken() != JsonToken.START_OBJECT) {
      throw new FieldException("not an object");
    }
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String name = in.currentName();
      in.nextToken();
      values.read(name, in);
    }
  }

  /**
   * Where and how a read of stored text failed, in words that never quote the text: a JSON or YAML
   * syntax error gives its line and column, a bad field its name.
   */
  public static String describe(Throwable e) {
    return describe(e, 0);
  }

  /**
   * As {@link #describe(Throwable)}, for text that starts after {@code linesBefore} lines of its
   * file.
   */
  static String describe(Throwable e, int linesBefore) {
    if (e instanceof FieldException) {
      return e.getMessage();
    }
    if (e instanceof JsonProcessingException json) {
      JsonLocation at = json.getLocation();
      return at == null || at.getLineNr() < 1
          ? "invalid syntax"
          : "invalid syntax at line "
              + (at.getLineNr() + linesBefore)
              + ", column "
              + at.getColumnNr();
    }
    return "a field has an invalid value";
  }

  /**
   * The text of the scalar the parser is on (a string, number or boolean, as written).
   *
   * @throws FieldException naming {@code field} for anything else, {@code null} included
   */
  static String text(JsonParser in, String field) throws IOException {
    JsonToken token = in.currentToken();
    if (token == null || !token.isScalarValue() || token == JsonToken.VALUE_NULL) {
      throw invalid(field);
    }
    return in.getText();
  }

  /**
   * The id {@code text} holds.
   *
   * @throws FieldException naming {@code field}, never quoting the text, when it holds none
   */
  static ChunkId id(String field, String text) {
    if (!ChunkId.isValid(text)) {
      throw invalid(field);
    }
    return ChunkId.of(text);
  }

  /**
   * The whole number from 0 that {@code text} holds.
   *
   * @throws FieldException naming {@code field}, never quoting the text, when it holds none
   */
  static long whole(String field, String text) {
    try {
      long value = Long.parseLong(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw invalid(field);
  }

  private static FieldException invalid(String field) {
    return new FieldException("field '" + field + "' has an invalid value");
  }

  /**
   * One field of {@link ChunkMeta}.
   *
   * @param <T> the type of its value
   */
  public abstract static class Field<T> {
    private final String name;
    private final Type<T> type;
    private final T absent;

    /**
     * @param absent the value of a missing field; {@code null} when the field is required
     */
    private Field(String name, Type<T> type, T absent) {
      this.name = name;
      this.type = type;
      this.absent = absent;
    }

    /** The value of this field of {@code meta}. */
    abstract T of(ChunkMeta meta);

    /** The name of the field: the name of its component of {@link ChunkMeta}. */
    public String name() {
      return name;
    }

    /** Writes the value of this field of {@code meta}, without its name. */
    public void writeValue(JsonGenerator out, ChunkMeta meta) throws IOException {
      type.write(out, of(meta));
    }

    /**
     * The value of this field of {@code meta} as one column of a table: a text as itself, a whole
     * number as a {@code long}, a time as nanoseconds since the epoch (saturated to a {@code
     * long}), a list or map as its JSON text.
     */
    public Object column(ChunkMeta meta) {
      return type.toColumn(of(meta));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * The values of fields read so far, made into a {@link ChunkMeta} at the end. Not thread-safe.
   */
  public static final class Values {
    private final Map<Field<?>, Object> values = new HashMap<>();

    /**
     * Reads the value the parser is on (and leaves it on the value's last token) as the field named
     * {@code name}; {@code null} is the same as no value.
     *
     * @return false, with the value skipped, when no field has that name
     * @throws FieldException when the value cannot be the field's
     */
    public boolean read(String name, JsonParser in) throws IOException {
      Field<?> field = BY_NAME.get(name);
      if (field == null) {
        in.skipChildren();
        return false;
      }
      if (in.currentToken() == JsonToken.VALUE_NULL) {
        values.remove(field);
      } else {
        values.put(field, field.type.read(in, name));
      }
      return true;
    }

    /**
     * Sets a field from its column ({@link Field#column}); {@code null} is the same as no value.
     *
     * @throws FieldException when the column cannot hold a value of the field
     */
    public void readColumn(Field<?> field, Object column) {
      if (column == null) {
        values.remove(field);
      } else {
        values.put(field, field.type.fromColumn(column, field.name()));
      }
    }

    /**
     * The value read for {@code field}, or its value when missing.
     *
     * @throws FieldException when a required field is missing
     */
    <T> T get(Field<T> field) {
      @SuppressWarnings("unchecked") // put only by read and readColumn, from the field's own type
      T value = (T) values.get(field);
      if (value != null) {
        return value;
      }
      if (field.absent == null) {
        throw new FieldException("missing field '" + field.name() + "'");
      }
      return field.absent;
    }

    /**
     * The metadata of the values read.
     *
     * @throws FieldException when a required field is missing
     */
    public ChunkMeta toMeta() {
      return new ChunkMeta(
          get(ID),
          get(PROJECT),
          get(TOPIC),
          get(SESSION),
          get(SEQ),
          get(CREATED),
          get(ACTORS),
          get(SOURCE),
          get(TAGS),
          get(SUMMARY),
          get(LABELS),
          get(SHA256),
          get(SIZE));
    }
  }

  /**
   * Stored metadata that is missing a field or holds a value of the wrong kind; the message names
   * the field and never quotes the value.
   */
  public static final class FieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    FieldException(String message) {
      super(message);
    }
  }

  // ------------------------------------------------------------------ types of values

  /** How a value is written, read, and kept in a table column. */
  private abstract static class Type<T> {
    abstract void write(JsonGenerator out, T value) throws IOException;

    /** The value whose first token the parser is on; the parser is left on its last token. */
    abstract T read(JsonParser in, String field) throws IOException;

    /** The value in a column: its JSON text unless the type has a scalar form. */
    Object toColumn(T value) {
      StringWriter text = new StringWriter();
      try (JsonGenerator out = JSON.createGenerator(text)) {
        write(out, value);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write JSON", e);
      }
      return text.toString();
    }

    /** A value from its column, as {@link #toColumn} wrote it. */
    T fromColumn(Object column, String field) {
      try (JsonParser in = JSON.createParser(column.toString())) {
        in.nextToken();
        T value = read(in, field);
        if (in.nextToken() != null) {
          throw invalid(field);
        }
        return value;
      } catch (IOException e) {
        throw invalid(field);
      }
    }
  }

  /** A value written as a JSON string. */
  private abstract static class Text<T> extends Type<T> {
    /**
     * The value {@code text} holds.
     *
     * @throws RuntimeException when it holds none
     */
    abstract T parse(String text);

    abstract String format(T value);

    @Override
    void write(JsonGenerator out, T value) throws IOException {
      out.writeString(format(value));
    }

    @Override
    T read(JsonParser in, String field) throws IOException {
      return parse(field, text(in, field));
    }

    private T parse(String field, String text) {
      try {
        return parse(text);
      } catch (RuntimeException e) {
        throw invalid(field);
      }
    }

    @Override
    Object toColumn(T value) {
      return format(value);
    }

    @Override
    T fromColumn(Object column, String field) {
      return parse(field, column.toString());
    }
  }

  /** A text, as it is. */
  private static final class Plain extends Text<String> {
    @Override
    String parse(String text) {
      return text;
    }

    @Override
    String format(String value) {
      return value;
    }
  }

  /** A chunk id, as {@link ChunkId#toString} writes it. */
  private static final class Id extends Text<ChunkId> {
    @Override
    ChunkId parse(String text) {
      return ChunkId.of(text);
    }

    @Override
    String format(ChunkId value) {
      return value.toString();
    }
  }

  /** An actor, by its {@link Actor#id}. */
  private static final class Speaker extends Text<Actor> {
    @Override
    Actor parse(String text) {
      return Actor.of(text);
    }

    @Override
    String format(Actor value) {
      return value.id();
    }
  }

  /**
   * An instant, written as {@link Instant#toString} writes it; in a column, nanoseconds since the
   * epoch.
   */
  private static final class Time extends Text<Instant> {
    @Override
    Instant parse(String text) {
      return instant(text);
    }

    @Override
    String format(Instant value) {
      return value.toString();
    }

    @Override
    Object toColumn(Instant value) {
      return nanos(value);
    }

    @Override
    Instant fromColumn(Object column, String field) {
      if (!(column instanceof Number nanos)) {
        throw invalid(field);
      }
      return ofNanos(nanos.longValue());
    }
  }

  /** A whole number from 0, written as a JSON number; an {@code Integer} or a {@code Long}. */
  private static final class Whole<T extends Number> extends Type<T> {
    private final Class<T> type;

    Whole(Class<T> type) {
      this.type = type;
    }

    @Override
    void write(JsonGenerator out, T value) throws IOException {
      out.writeNumber(value.longValue());
    }

    @Override
    T read(JsonParser in, String field) throws IOException {
      return of(field, whole(field, text(in, field)));
    }

    private T of(String field, long value) {
      if (value < 0 || type == Integer.class && value > Integer.MAX_VALUE) {
        throw invalid(field);
      }
      if (type == Integer.class) {
        return type.cast((int) value);
      }
      return type.cast(value);
    }

    @Override
    Object toColumn(T value) {
      return value.longValue();
    }

    @Override
    T fromColumn(Object column, String field) {
      return of(
          field,
          column instanceof Number number ? number.longValue() : whole(field, column.toString()));
    }
  }

  /** A list, written as a JSON array of its items. */
  private static final class ListOf<T> extends Type<List<T>> {
    private final Text<T> item;

    ListOf(Text<T> item) {
      this.item = item;
    }

    @Override
    void write(JsonGenerator out, List<T> values) throws IOException {
      out.writeStartArray();
      for (T value : values) {
        item.write(out, value);
      }
      out.writeEndArray();
    }

    @Override
    List<T> read(JsonParser in, String field) throws IOException {
      if (in.currentToken() != JsonToken.START_ARRAY) {
        throw new FieldException("field '" + field + "' is not a list");
      }
      List<T> values = new ArrayList<>();
      while (in.nextToken() != JsonToken.END_ARRAY) {
        values.add(item.read(in, field));
      }
      return values;
    }
  }

  /** Labels, written as a JSON object of arrays of strings. */
  private static final class LabelMap extends Type<Map<String, List<String>>> {
    private final ListOf<String> values = new ListOf<>(PLAIN);

    @Override
    void write(JsonGenerator out, Map<String, List<String>> labels) throws IOException {
      out.writeStartObject();
      for (Map.Entry<String, List<String>> label : labels.entrySet()) {
        out.writeFieldName(label.getKey());
        values.write(out, label.getValue());
      }
      out.writeEndObject();
    }

    @Override
    Map<String, List<String>> read(JsonParser in, String field) throws IOException {
      if (in.currentToken() != JsonToken.START_OBJECT) {
        throw new FieldException("field '" + field + "' is not a map");
      }
      Map<String, List<String>> labels = new LinkedHashMap<>();
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String key = in.currentName();
        if (in.nextToken() == JsonToken.START_ARRAY) {
          labels.put(key, values.read(in, field));
        } else {
          in.skipChildren(); // not a list: no values, as earlier versions read it
          labels.put(key, List.of());
        }
      }
      return labels;
    }
  }

  // ------------------------------------------------------------------ times

  /** Nanoseconds since the epoch, saturated to the range of a {@code long}. */
  public static long nanos(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** The instant {@code nanos} nanoseconds after the epoch. */
  public static Instant ofNanos(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /**
   * Parses an instant as {@link Instant#toString} writes it ({@code 2024-02-04T16:29:30Z}, with an
   * optional fraction of a second) without the general formatter, which is slow in a cold JVM and
   * runs once per record; anything else goes to {@link Instant#parse}.
   */
  static Instant instant(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || length == 21
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z'
        || (length > 20 && text.charAt(19) != '.')) {
      return Instant.parse(text);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = 0;
    if (length > 20) {
      int fraction = digits(text, 20, length - 1);
      nanos = fraction < 0 ? -1 : fraction * POWERS_OF_TEN[30 - length];
    }
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || nanos < 0) {
      return Instant.parse(text);
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
  }

  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  /** The decimal number of {@code text[from, to)}; -1 unless every character is a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
