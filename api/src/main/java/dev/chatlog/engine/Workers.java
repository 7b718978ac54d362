package dev.chatlog.engine;

import dev.chatlog.error.StorageException;
import dev.chatlog.spi.BlobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The threads of one engine: bulk reads and writes run on {@code size} daemon threads, made on
 * first use (most commands never need them); the few reads a command makes to answer run in turn on
 * the calling thread when the store is {@linkplain BlobStore#isLocal local}. Thread-safe.
 */
final class Workers implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  /** Reads of a local store up to this many are made in turn on the calling thread. */
  static final int FEW_LOCAL_READS = 64;

  private final BlobStore blobs;
  private final int size;
  private ExecutorService pool; // guarded by this

  Workers(BlobStore blobs, int size) {
    this.blobs = blobs;
    this.size = size;
  }

  /**
   * The reads a command makes (bodies, inbox entries, segments): in turn when the store is local
   * and the reads are few ({@value #FEW_LOCAL_READS} or less), where they cost less than handing
   * them to threads; else {@link #inParallel}, where decoding and checking many bodies (an export,
   * a copy) keeps every core busy.
   */
  <T, R> List<R> reads(List<T> items, Function<T, R> task) {
    return blobs.isLocal() && items.size() <= FEW_LOCAL_READS
        ? inTurn(items, task)
        : inParallel(items, task);
  }

  /**
   * Applies {@code task} to every item on the pool's threads, and returns the results in the items'
   * order; one item, or a pool of one thread, is done on the calling thread.
   */
  <T, R> List<R> inParallel(List<T> items, Function<T, R> task) {
    if (items.size() <= 1 || size == 1) {
      return inTurn(items, task);
    }
    ExecutorService threads = pool();
    List<Future<R>> futures = new ArrayList<>();
    items.forEach(item -> futures.add(threads.submit(() -> task.apply(item))));
    List<R> results = new ArrayList<>();
    try {
      for (Future<R> future : futures) {
        results.add(future.get());
      }
    } catch (InterruptedException e) {
      futures.forEach(future -> future.cancel(true));
      Thread.currentThread().interrupt();
      throw new StorageException("Cannot read from " + blobs.location() + ": interrupted", true, e);
    } catch (ExecutionException e) {
      futures.forEach(future -> future.cancel(true));
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StorageException(
          "Cannot read from " + blobs.location() + ": " + e.getCause(), false, e.getCause());
    }
    return results;
  }

  private static <T, R> List<R> inTurn(List<T> items, Function<T, R> task) {
    return items.stream().map(task).toList();
  }

  private synchronized ExecutorService pool() {
    if (pool == null) {
      int number = POOLS.incrementAndGet();
      AtomicInteger threads = new AtomicInteger();
      ThreadFactory factory =
          task -> {
            Thread thread =
                new Thread(task, "chatlog-fetch-" + number + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          };
      pool = Executors.newFixedThreadPool(size, factory);
    }
    return pool;
  }

  @Override
  public void close() {
    ExecutorService threads;
    synchronized (this) {
      threads = pool;
    }
    if (threads == null) {
      return;
    }
    threads.shutdown();
    try {
      if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
