package dev.chatlog.cli;

import java.lang.reflect.Constructor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * Makes the objects picocli asks for (commands, mixins, the version provider, option collections).
 * picocli's own default factory looks for Groovy when it is first used, a class lookup that fails
 * only after opening every jar on the class path: tens of milliseconds of every start.
 */
final class CommandFactory implements CommandLine.IFactory {

  @Override
  public <K> K create(Class<K> type) throws Exception {
    if (type.isInterface()) {
      return type.cast(collectionFor(type));
    }
    Constructor<K> constructor = type.getDeclaredConstructor();
    constructor.setAccessible(true);
    return constructor.newInstance();
  }

  /** An empty collection or map of an interface type, as picocli's default factory makes them. */
  private static Object collectionFor(Class<?> type) {
    if (SortedMap.class.isAssignableFrom(type) || NavigableMap.class.isAssignableFrom(type)) {
      return new TreeMap<>();
    }
    if (Map.class.isAssignableFrom(type)) {
      return new LinkedHashMap<>();
    }
    if (SortedSet.class.isAssignableFrom(type) || NavigableSet.class.isAssignableFrom(type)) {
      return new TreeSet<>();
    }
    if (Set.class.isAssignableFrom(type)) {
      return new LinkedHashSet<>();
    }
    if (Queue.class.isAssignableFrom(type)) {
      return new ArrayDeque<>();
    }
    if (type.isAssignableFrom(ArrayList.class)) {
      return new ArrayList<>();
    }
    throw new IllegalArgumentException("Cannot make an instance of interface " + type.getName());
  }
}
