package dev.chatlog.sqlite;

import dev.chatlog.contract.ChunkStoreContract;
import dev.chatlog.contract.SearchContract;

/** The {@link SearchContract} on a SQLite file's FTS5 index. */
class SqliteSearchContractTest extends SearchContract {
  @Override
  protected ChunkStoreContract.Fixture newFixture() {
    return new TempDatabase();
  }
}
