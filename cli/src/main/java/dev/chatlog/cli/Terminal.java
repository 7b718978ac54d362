package dev.chatlog.cli;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Whether this process writes to a terminal, so that output may carry ANSI styles. */
final class Terminal {
  private Terminal() {}

  /**
   * Whether standard input and output are a terminal. On Java 22 and later {@link System#console()}
   * exists even when output is redirected, so {@code Console.isTerminal()} decides there.
   */
  static boolean isInteractive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // Java 17 to 21: a console exists only on a terminal
    } catch (IllegalAccessException | InvocationTargetException e) {
      return false;
    }
  }
}
