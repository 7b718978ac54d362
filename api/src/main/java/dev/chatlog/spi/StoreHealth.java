package dev.chatlog.spi;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.ChatLogException;
import dev.chatlog.error.PreconditionFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@code chatlog doctor} reports about a store ({@link StorageProvider#check}): whether it
 * answers, takes writes, and refuses a conditional create of an existing key as it must.
 *
 * @param location the store's location, without credentials
 * @param reachable whether the store answered a read
 * @param writable whether a create-only write of a probe object and its delete succeeded
 * @param conditionalWrites whether a second create-only write of one key was refused
 * @param links whether the store holds no link that leads outside it ({@link
 *     SupportsLinks#linksLeavingStore}); skipped, and not listed, where a store has no links
 * @since 0.1.0
 */
public record StoreHealth(
    String location, Check reachable, Check writable, Check conditionalWrites, Check links) {

  /** The folder of probe objects; nothing else reads or writes under it. */
  public static final String PROBE_FOLDER = ".probe";

  public StoreHealth {
    requireNonNull(location, "location is null");
    requireNonNull(reachable, "reachable is null");
    requireNonNull(writable, "writable is null");
    requireNonNull(conditionalWrites, "conditionalWrites is null");
    requireNonNull(links, "links is null");
  }

  /** The health of a store that has no links to check. */
  public StoreHealth(String location, Check reachable, Check writable, Check conditionalWrites) {
    this(location, reachable, writable, conditionalWrites, Check.skipped(NO_LINKS));
  }

  private static final String NO_LINKS = "this kind of store has no links";

  /** The checks in the order they are reported, with their names; links only where checked. */
  public List<Named> checks() {
    List<Named> checks = new ArrayList<>();
    checks.add(new Named("reachable", reachable));
    checks.add(new Named("writable", writable));
    checks.add(new Named("conditional writes", conditionalWrites));
    if (!links.equals(Check.skipped(NO_LINKS))) {
      checks.add(new Named("links", links));
    }
    return List.copyOf(checks);
  }

  /** This health with the check of links that leave the store, made on {@code blobs}. */
  private StoreHealth withLinksOf(BlobStore blobs) {
    if (!(blobs instanceof SupportsLinks links)) {
      return this;
    }
    List<String> leaving;
    try {
      leaving = links.linksLeavingStore();
    } catch (ChatLogException e) {
      return new StoreHealth(
          location, reachable, writable, conditionalWrites, Check.unknown(e.getMessage()));
    }
    Check check =
        leaving.isEmpty()
            ? Check.ok()
            : Check.fail(
                String.join(", ", leaving)
                    + (leaving.size() == 1 ? " is a link" : " are links")
                    + " that leave the store: read, but saves, deletes and repairs there fail");
    return new StoreHealth(location, reachable, writable, conditionalWrites, check);
  }

  /** Whether no check failed; a check that is unknown or skipped is not a failure. */
  public boolean healthy() {
    return checks().stream().noneMatch(named -> named.check().status() == Status.FAIL);
  }

  /** The reason of the first failed check; empty when none failed. */
  public Optional<String> problem() {
    return checks().stream()
        .map(Named::check)
        .filter(check -> check.status() == Status.FAIL)
        .map(Check::detail)
        .findFirst();
  }

  /**
   * Checks a blob store: a listing, then (with {@code probeWrites}) a create-only write of a probe
   * object under {@value #PROBE_FOLDER}, a second create-only write of the same key that must be
   * refused, and the probe's delete; then the links that leave the store. Never throws for a
   * failure of the store.
   */
  public static StoreHealth probe(BlobStore blobs, boolean probeWrites) {
    requireNonNull(blobs, "blobs is null");
    StoreHealth health = probeObjects(blobs, probeWrites);
    return health.reachable().status() == Status.OK ? health.withLinksOf(blobs) : health;
  }

  private static StoreHealth probeObjects(BlobStore blobs, boolean probeWrites) {
    String location = blobs.location();
    try {
      blobs.list("", null, 1);
    } catch (ChatLogException e) {
      return unreachable(location, e.getMessage());
    }
    if (!probeWrites) {
      Check skipped = Check.skipped("read-only");
      return new StoreHealth(location, Check.ok(), skipped, skipped);
    }
    String probe = PROBE_FOLDER + "/" + UUID.randomUUID();
    try {
      blobs.put(probe, new byte[0], PutCondition.createOnly());
    } catch (ChatLogException e) {
      return new StoreHealth(
          location,
          Check.ok(),
          Check.fail(e.getMessage()),
          Check.unknown("the probe object could not be written"));
    }
    try {
      blobs.put(probe, new byte[] {1}, PutCondition.createOnly());
      return new StoreHealth(
          location,
          Check.ok(),
          Check.ok(),
          Check.fail(
              "Cannot trust "
                  + location
                  + ": a second create-only write of one key was not refused"));
    } catch (PreconditionFailedException e) {
      return new StoreHealth(location, Check.ok(), Check.ok(), Check.ok());
    } catch (ChatLogException e) {
      return new StoreHealth(location, Check.ok(), Check.ok(), Check.fail(e.getMessage()));
    } finally {
      try {
        blobs.delete(probe);
      } catch (ChatLogException e) {
        // A leftover probe object is harmless: nothing reads the probe folder.
      }
    }
  }

  /** The health of a store that did not answer, and why; the write checks fail with it. */
  public static StoreHealth unreachable(String location, String detail) {
    Check notReached = Check.fail("store not reachable");
    return new StoreHealth(location, Check.fail(detail), notReached, notReached);
  }

  /** The outcome of one check. */
  public enum Status {
    /** The check passed. */
    OK,
    /** The check failed; the store is not fit for use. */
    FAIL,
    /** The store offers no way to tell. */
    UNKNOWN,
    /** The check was not run, e.g. a write probe in read-only mode. */
    SKIPPED;

    /** {@code ok}, {@code FAIL}, {@code unknown} or {@code skipped}: a failure stands out. */
    @Override
    public String toString() {
      return this == FAIL ? "FAIL" : name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One check's outcome.
   *
   * @param status the outcome
   * @param detail why, one line; empty for {@link Status#OK}
   */
  public record Check(Status status, String detail) {
    public Check {
      requireNonNull(status, "status is null");
      requireNonNull(detail, "detail is null");
      detail = detail.strip().replace('\n', ' ').replace('\r', ' ');
    }

    /** A passed check. */
    public static Check ok() {
      return new Check(Status.OK, "");
    }

    /** A failed check and why. */
    public static Check fail(String detail) {
      return new Check(Status.FAIL, detail == null ? "unknown error" : detail);
    }

    /** A check that cannot be told, and why. */
    public static Check unknown(String detail) {
      return new Check(Status.UNKNOWN, detail);
    }

    /** A check not run, and why. */
    public static Check skipped(String detail) {
      return new Check(Status.SKIPPED, detail);
    }
  }

  /**
   * A check with its name.
   *
   * @param name what was checked, e.g. {@code reachable}
   * @param check its outcome
   */
  public record Named(String name, Check check) {
    public Named {
      requireNonNull(name, "name is null");
      requireNonNull(check, "check is null");
    }
  }
}
