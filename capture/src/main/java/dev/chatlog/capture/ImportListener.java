package dev.chatlog.capture;

/** Hears what an import skips; the caller counts, logs or prints it. */
@FunctionalInterface
public interface ImportListener {
  /** A listener that ignores everything. */
  ImportListener NONE = problem -> {};

  /** Something was skipped; the import goes on. */
  void skipped(ImportProblem problem);
}
