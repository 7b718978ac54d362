package dev.chatlog.s3;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What {@code chatlog doctor} reports about a store: whether it answers, takes writes, and refuses
 * a conditional create of an existing key as it must.
 *
 * @param location the store's URI
 * @param reachable whether a listing succeeded
 * @param writable whether a create-only write and its delete succeeded
 * @param conditionalWrites whether a second create-only write of one key was refused with 412
 * @param problem the first failure met, one line; empty when all three hold
 */
public record StoreHealth(
    String location,
    boolean reachable,
    boolean writable,
    boolean conditionalWrites,
    Optional<String> problem) {
  public StoreHealth {
    requireNonNull(location, "location is null");
    requireNonNull(problem, "problem is null");
  }

  /** Whether the store is fit for use: reachable, writable and safe for several writers. */
  public boolean healthy() {
    return reachable && writable && conditionalWrites;
  }
}
