package dev.chatlog.cli.crash;

import java.nio.file.Path;

/** A store the crash harness can run against: how to name it in {@code CHM_STORE}. */
enum StoreKind {
  /** The file-system store: the blob engine over a folder. */
  FILE {
    @Override
    String uri(Path dir) {
      return dir.resolve("store").toAbsolutePath().toUri().toString();
    }
  },
  /** The SQLite store: one database file. */
  SQLITE {
    @Override
    String uri(Path dir) {
      return "sqlite://" + dir.resolve("chatlog.db").toAbsolutePath();
    }
  };

  /** The {@code CHM_STORE} value of a store of this kind in {@code dir}. */
  abstract String uri(Path dir);
}
