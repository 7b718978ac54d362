package dev.chatlog.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether this process writes to a terminal, so that output may carry ANSI styles. */
final class Terminal {
  private static final Path STDOUT_LINK = Path.of("/proc/self/fd/1");

  private Terminal() {}

  /**
   * Whether standard output is a terminal. On Linux the link {@code /proc/self/fd/1} tells; it
   * costs microseconds, where the first {@link System#console()} costs about 10 ms of a start (its
   * {@code Formatter} loads locale data). Elsewhere: whether there is a console, and on Java 22 and
   * later, where a console exists even when output is redirected, {@code Console.isTerminal()}.
   */
  static boolean isInteractive() {
    Optional<String> device = stdoutDevice();
    if (device.isPresent()) {
      return isTerminalDevice(device.get());
    }
    return hasConsole();
  }

  /** Whether a file that standard output points to is a terminal device. */
  static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
  }

  /** What standard output points to, where the platform says (Linux); empty elsewhere. */
  private static Optional<String> stdoutDevice() {
    try {
      return Optional.of(Files.readSymbolicLink(STDOUT_LINK).toString());
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
