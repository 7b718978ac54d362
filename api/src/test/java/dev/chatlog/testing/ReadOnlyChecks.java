package dev.chatlog.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.ChatLog;
import dev.chatlog.error.ReadOnlyException;
import java.util.List;
import java.util.concurrent.Callable;
import org.assertj.core.api.ThrowingConsumer;

/** The check that a read-only store refuses every write and stays as it was. */
public final class ReadOnlyChecks {
  private ReadOnlyChecks() {}

  /**
   * Runs each write on {@code log}: each must fail with a {@link ReadOnlyException} saying "Cannot
   * ...: the store is read-only (CHM_READ_ONLY)", and after each the store's {@code snapshot} must
   * still equal {@code before}.
   */
  public static <T> void assertEveryWriteRefused(
      ChatLog log, List<ThrowingConsumer<ChatLog>> writes, T before, Callable<T> snapshot)
      throws Exception {
    for (ThrowingConsumer<ChatLog> write : writes) {
      assertThatThrownBy(() -> write.accept(log))
          .isInstanceOf(ReadOnlyException.class)
          .hasMessageStartingWith("Cannot ")
          .hasMessageEndingWith(": the store is read-only (CHM_READ_ONLY)");
      assertThat(snapshot.call()).isEqualTo(before);
    }
  }
}
