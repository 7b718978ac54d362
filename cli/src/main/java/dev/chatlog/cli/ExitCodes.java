package dev.chatlog.cli;

import dev.chatlog.error.ConflictException;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.error.ReadOnlyException;
import picocli.CommandLine;

/**
 * The documented exit codes of {@code chatlog}, and the one place exceptions are mapped to them.
 */
final class ExitCodes {
  /** Success. */
  static final int OK = 0;

  /** A failure: storage, corrupt data, anything unexpected. */
  static final int FAILURE = 1;

  /** Bad usage or input: an unknown option, a bad value, empty input. */
  static final int USAGE = 2;

  /** A write on a read-only store. */
  static final int READ_ONLY = 3;

  /** A chunk or store that does not exist. */
  static final int NOT_FOUND = 4;

  /** A write that kept losing races with other writers. */
  static final int CONFLICT = 5;

  private ExitCodes() {}

  /** Maps an exception to its exit code. */
  static int of(Throwable exception) {
    if (exception instanceof CommandLine.ParameterException
        || exception instanceof InvalidInputException) {
      return USAGE;
    }
    if (exception instanceof ReadOnlyException) {
      return READ_ONLY;
    }
    if (exception instanceof NotFoundException) {
      return NOT_FOUND;
    }
    if (exception instanceof ConflictException) {
      return CONFLICT;
    }
    return FAILURE;
  }

  /** The picocli adapter of {@link #of(Throwable)}. */
  static final class Mapper implements CommandLine.IExitCodeExceptionMapper {
    @Override
    public int getExitCode(Throwable exception) {
      return of(exception);
    }
  }
}
