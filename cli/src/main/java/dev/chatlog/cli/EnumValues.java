package dev.chatlog.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the value of an option whose values are an enum's constants, in any case, and names the
 * values as a person types them (lower case) when the one given is none of them.
 */
final class EnumValues implements ITypeConverter<Object> {
  private final Class<?> type;

  EnumValues(Class<?> type) {
    this.type = type;
  }

  @Override
  public Object convert(String value) {
    for (Object constant : type.getEnumConstants()) {
      if (constant.toString().equalsIgnoreCase(value)
          || ((Enum<?>) constant).name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    throw new Unknown("expected " + names());
  }

  /** {@code a, b or c}: the values in lower case, in their order. */
  private String names() {
    List<String> names = new ArrayList<>();
    for (Object constant : type.getEnumConstants()) {
      names.add(constant.toString().toLowerCase(Locale.ROOT));
    }
    String last = names.remove(names.size() - 1);
    return names.isEmpty() ? last : String.join(", ", names) + " or " + last;
  }

  /** A value that is none of the enum's: {@link ErrorHandler} words the whole error from it. */
  static final class Unknown extends TypeConversionException {
    private static final long serialVersionUID = 1L;

    Unknown(String message) {
      super(message);
    }
  }
}
