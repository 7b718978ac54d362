package dev.chatlog.capture.format;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Lazy, ordered streams over iterators that may hold something open. {@link Stream#flatMap} is not
 * used for sources: pulled through an iterator, it buffers a whole inner stream (one export file's
 * conversations), which would defeat streaming.
 */
public final class Streams {
  private Streams() {}

  /** A stream over an iterator; closing the stream closes the iterator when it is closeable. */
  public static <T> Stream<T> of(Iterator<T> iterator) {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                iterator, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(() -> closeQuietly(iterator));
  }

  /**
   * The items of each outer item's inner iterator, in order, opened only when reached; an inner
   * iterator that is closeable is closed when exhausted or when the result is closed.
   */
  public static <S, T> Iterator<T> flatMap(Iterator<S> outer, Function<S, Iterator<T>> inner) {
    return new FlatIterator<>(outer, inner);
  }

  private static void closeQuietly(Object maybeCloseable) {
    if (maybeCloseable instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        // readers only: closing loses nothing
      }
    }
  }

  private static final class FlatIterator<S, T> implements Iterator<T>, Closeable {
    private final Iterator<S> outer;
    private final Function<S, Iterator<T>> open;
    private Iterator<T> current;

    FlatIterator(Iterator<S> outer, Function<S, Iterator<T>> open) {
      this.outer = outer;
      this.open = open;
    }

    @Override
    public boolean hasNext() {
      while (current == null || !current.hasNext()) {
        if (current != null) {
          closeQuietly(current);
          current = null;
        }
        if (!outer.hasNext()) {
          return false;
        }
        current = open.apply(outer.next());
      }
      return true;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }

    @Override
    public void close() {
      closeQuietly(current);
      current = null;
      closeQuietly(outer);
    }
  }
}
