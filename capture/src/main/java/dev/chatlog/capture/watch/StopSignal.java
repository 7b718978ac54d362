package dev.chatlog.capture.watch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Asks a long-running task to stop, from another thread (a shutdown hook on SIGTERM or Ctrl-C, or a
 * test), and tells when it has stopped. The task finishes what it is doing, saves its state and
 * returns; nothing is interrupted half-way.
 */
public final class StopSignal {
  private final CountDownLatch asked = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** Asks the task to stop; runs what was registered with {@link #onStop} once. */
  public void stop() {
    if (asked.getCount() > 0) {
      asked.countDown();
      listeners.forEach(Runnable::run);
    }
  }

  /** Whether {@link #stop} was called. */
  public boolean stopRequested() {
    return asked.getCount() == 0;
  }

  /** Runs {@code action} when a stop is asked for (at once when it was already). */
  public void onStop(Runnable action) {
    requireNonNull(action, "action is null");
    listeners.add(action);
    if (stopRequested() && listeners.remove(action)) {
      action.run();
    }
  }

  /** Waits until a stop is asked for or the time is up; true when a stop was asked for. */
  public boolean awaitStop(Duration timeout) throws InterruptedException {
    return asked.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Tells those waiting in {@link #awaitDone} that the task has stopped. */
  public void done() {
    done.countDown();
  }

  /** Waits until the task has stopped, or the time is up; true when it has stopped. */
  public boolean awaitDone(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
