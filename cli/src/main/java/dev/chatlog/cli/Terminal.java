package dev.chatlog.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this process writes to a terminal, so that output may carry ANSI styles, and whether it
 * reads from one, so that a command waiting for input can say so.
 */
final class Terminal {
  private static final Path STDIN_LINK = Path.of("/proc/self/fd/0");
  private static final Path STDOUT_LINK = Path.of("/proc/self/fd/1");

  private Terminal() {}

  /**
   * Whether standard output is a terminal. On Linux the link {@code /proc/self/fd/1} tells; it
   * costs microseconds, where the first {@link System#console()} costs about 10 ms of a start (its
   * {@code Formatter} loads locale data). Elsewhere: whether there is a console, and on Java 22 and
   * later, where a console exists even when output is redirected, {@code Console.isTerminal()}.
   */
  static boolean isInteractive() {
    Optional<String> device = device(STDOUT_LINK);
    if (device.isPresent()) {
      return isTerminalDevice(device.get());
    }
    return hasConsole();
  }

  /**
   * Whether standard input is a terminal, as {@link #isInteractive} tells for standard output;
   * elsewhere than on Linux, whether there is a console.
   */
  static boolean readsTerminal() {
    Optional<String> device = device(STDIN_LINK);
    if (device.isPresent()) {
      return isTerminalDevice(device.get());
    }
    return hasConsole();
  }

  /** Whether a file that standard output points to is a terminal device. */
  static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
  }

  /** What a standard stream's link points to, where the platform says (Linux); empty elsewhere. */
  private static Optional<String> device(Path link) {
    try {
      return Optional.of(Files.readSymbolicLink(link).toString());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static boolean hasConsole() {
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
