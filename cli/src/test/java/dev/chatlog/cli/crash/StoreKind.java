package dev.chatlog.cli.crash;

/** A kind of store the crash harness runs against. */
enum StoreKind {
  /** The file-system store: the blob engine over a folder. */
  FILE,
  /** The SQLite store: one database file. */
  SQLITE,
  /** The S3 store, on an in-process S3Proxy that handles one request at a time. */
  S3,
  /** The GCS store, on the in-process fake GCS server. */
  GCS
}
