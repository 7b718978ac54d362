package dev.chatlog.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chatlog.model.ChunkMeta;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Writes and reads the YAML front matter of a chunk file: one {@code key: value} line per field of
 * {@link ChunkMeta} ({@link MetaFields}), in the order of the index lines. Jackson's JSON writer
 * writes the values, as {@link MetaFields} writes them everywhere: strings double-quoted, numbers
 * plain, lists and the labels map inline, which YAML reads as flow collections. Every string is
 * therefore read back as a string by any YAML 1.1 or 1.2 reader (no {@code yes}, date or number
 * that a plain scalar would turn into another type), and JSON's escapes are YAML's; the characters
 * YAML alone takes for line breaks or as not printable are escaped too. Jackson's YAML writer, over
 * SnakeYAML's emitter, cost about 5 ms of every save to start (adr/0015).
 */
final class FrontMatter {
  private static final JsonFactory JSON =
      new JsonFactoryBuilder().characterEscapes(new YamlEscapes()).build();

  private FrontMatter() {}

  /** The front matter of {@code meta}, without its fences, each line ended by a line feed. */
  static String of(ChunkMeta meta) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      out.setPrettyPrinter(new Inline());
      for (MetaFields.Field<?> field : MetaFields.ALL) {
        key(out, field.name());
        field.writeValue(out, meta);
      }
      out.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write front matter of " + meta.id(), e);
    }
    return text.toString();
  }

  /**
   * The metadata of front matter written by {@link #of}, or in the block style of earlier versions
   * (any YAML whose values are those of {@link MetaFields}), read by the streaming YAML parser;
   * empty when it is not a map.
   *
   * @throws IOException when it is not YAML
   * @throws MetaFields.FieldException when a field is missing or has a value of the wrong kind
   */
  static Optional<ChunkMeta> read(String text) throws IOException {
    try (JsonParser in = Yaml.FACTORY.createParser(text)) {
      if (in.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      MetaFields.Values values = new MetaFields.Values();
      MetaFields.readObject(in, values);
      return Optional.of(values.toMeta());
    }
  }

  /** Starts the line of {@code key}: each value is a root value of the generator. */
  private static JsonGenerator key(JsonGenerator out, String key) throws IOException {
    if (out.getOutputContext().getEntryCount() > 0) {
      out.writeRaw('\n');
    }
    out.writeRaw(key);
    out.writeRaw(": ");
    return out;
  }

  /** Inline JSON with a space after each comma and colon; nothing between root values. */
  private static final class Inline implements PrettyPrinter {
    @Override
    public void writeRootValueSeparator(JsonGenerator g) {
      // each root value is on a line of its own, started by key()
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
      g.writeRaw('{');
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
      g.writeRaw('}');
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
      g.writeRaw('[');
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
      g.writeRaw(']');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) {
      // inline
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) {
      // inline
    }
  }

  /**
   * The YAML parser, made on first use: only {@code verify} and {@code reindex} read front matter
   * (a read of bodies takes the metadata from the index), and it is slow to start in a fresh JVM.
   */
  private static final class Yaml {
    static final YAMLFactory FACTORY = new YAMLFactory();
  }

  /**
   * JSON's escapes, plus those YAML needs in a double-quoted string: DEL and the C1 controls (not
   * printable in YAML), next line, line and paragraph separators (line breaks in YAML 1.1), and the
   * two non-characters U+FFFE and U+FFFF.
   */
  private static final class YamlEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

    YamlEscapes() {
      ascii[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      boolean escaped =
          (ch >= 0x80 && ch <= 0x9F)
              || ch == 0x2028
              || ch == 0x2029
              || ch == 0xFFFE
              || ch == 0xFFFF;
      return escaped ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
  }
}
