package dev.chatlog.sqlite;

import dev.chatlog.contract.ChunkStoreContract;

/** The {@link ChunkStoreContract} on a SQLite file. */
class SqliteChunkStoreTest extends ChunkStoreContract {
  @Override
  protected Fixture newFixture() {
    return new TempDatabase();
  }

  /** A delete removes the row and leaves no tombstone, so the id may be restored again. */
  @Override
  protected boolean keepsDeletedIdsDeleted() {
    return false;
  }
}
