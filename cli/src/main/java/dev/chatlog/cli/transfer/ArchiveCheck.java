package dev.chatlog.cli.transfer;

import dev.chatlog.engine.ChunkCodec;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Chunk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks an archive without a store: every member against the SHA-256 and size its manifest lists,
 * every chunk file's front matter and body, the manifest's counts against its list and the members.
 * {@code chatlog verify --archive} prints the result; {@code import --from archive} runs it first,
 * so that an archive it cannot restore is refused before anything is written, and the members found
 * bad are named and passed over.
 */
public final class ArchiveCheck {
  /** The largest chunk file read from an archive. */
  public static final long MAX_CHUNK_FILE_BYTES = 256L << 20;

  private ArchiveCheck() {}

  /** What can be wrong with an archive's members. */
  public enum Kind {
    /** A member whose SHA-256 or size is not what the manifest lists. */
    CHECKSUM,
    /** A chunk file whose front matter cannot be read or whose body does not match it. */
    UNREADABLE_CHUNK,
    /** A file the manifest lists that the archive does not hold. */
    MISSING,
    /** A chunk file the manifest does not list. */
    NOT_LISTED,
    /** A member that is not a chunk file at its place nor the manifest. */
    NOT_A_CHUNK,
    /** A second member of one name. */
    DUPLICATE,
    /** Counts of the manifest that do not add up. */
    COUNTS
  }

  /**
   * One problem.
   *
   * @param member the member's name when it is a chunk file's, else {@code member N}
   */
  public record Problem(Kind kind, String member, String detail) {}

  /**
   * What a check found.
   *
   * @param chunkFiles how many chunk files the archive holds
   * @param skipped the positions of the members a restore passes over
   */
  public record Report(
      ArchiveManifest.Header header,
      long chunkFiles,
      List<Problem> problems,
      Set<Integer> skipped) {
    /** Whether nothing is wrong. */
    public boolean clean() {
      return problems.isEmpty();
    }
  }

  private record Seen(String sha256, long size, int index) {}

  /**
   * Reads the whole archive and checks it.
   *
   * @throws InvalidInputException when it is not a chatlog archive, is truncated or damaged, is of
   *     a newer format version, has no manifest, or holds a member that escapes its folder
   */
  public static Report check(Path file) {
    String name = file.toString();
    Map<String, Seen> seen = new HashMap<>();
    Map<String, String[]> listedAhead = new HashMap<>();
    Set<Integer> skipped = new TreeSet<>();
    List<Problem> problems = new ArrayList<>();
    ArchiveManifest.Header header = null;
    long chunkFiles = 0;
    long[] listed = {0, 0};
    try (ArchiveReader reader = new ArchiveReader(file)) {
      for (ArchiveReader.Member member = reader.next(); member != null; member = reader.next()) {
        if (member.name().equals(ArchiveManifest.NAME)) {
          if (header != null) {
            problems.add(problem(Kind.DUPLICATE, member, "a second manifest; passed over"));
            skipped.add(member.index());
            continue;
          }
          header =
              ArchiveManifest.read(
                  name,
                  reader.content(),
                  (listedName, sha256, size) -> {
                    listed[0]++;
                    listed[1] += size;
                    Seen held = seen.remove(listedName);
                    if (held == null) {
                      listedAhead.put(listedName, new String[] {sha256, Long.toString(size)});
                    } else {
                      compare(listedName, held, sha256, size, problems, skipped);
                    }
                  });
          continue;
        }
        if (!ChunkCodec.isKey(member.name())) {
          problems.add(
              problem(Kind.NOT_A_CHUNK, member, "not a chunk file of the archive's layout"));
          skipped.add(member.index());
          continue;
        }
        chunkFiles++;
        if (member.size() > MAX_CHUNK_FILE_BYTES) {
          problems.add(
              problem(Kind.UNREADABLE_CHUNK, member, "larger than " + MAX_CHUNK_FILE_BYTES));
          skipped.add(member.index());
          continue;
        }
        byte[] data = reader.readAll();
        Seen held = new Seen(ChunkCodec.sha256(data), data.length, member.index());
        if (seen.containsKey(member.name())) {
          problems.add(problem(Kind.DUPLICATE, member, "a second member of this name"));
          skipped.add(member.index());
          continue;
        }
        Optional<String> unreadable = decode(member, data);
        if (unreadable.isPresent()) {
          problems.add(problem(Kind.UNREADABLE_CHUNK, member, unreadable.get()));
          skipped.add(member.index());
        }
        String[] ahead = listedAhead.remove(member.name());
        if (ahead != null) {
          compare(member.name(), held, ahead[0], Long.parseLong(ahead[1]), problems, skipped);
        } else {
          seen.put(member.name(), held);
        }
      }
    }
    if (header == null) {
      throw ArchiveManifest.invalid(
          name,
          "it has no "
              + ArchiveManifest.NAME
              + " (it is truncated, or chatlog export did not make it)");
    }
    for (String unlisted : new TreeSet<>(seen.keySet())) {
      problems.add(
          new Problem(Kind.NOT_LISTED, unlisted, "the manifest does not list it; passed over"));
      skipped.add(seen.get(unlisted).index());
    }
    for (String missing : new TreeSet<>(listedAhead.keySet())) {
      problems.add(
          new Problem(Kind.MISSING, missing, "the manifest lists it; the archive lacks it"));
    }
    if (header.chunks() != listed[0] || header.bytes() != listed[1]) {
      problems.add(
          new Problem(
              Kind.COUNTS,
              ArchiveManifest.NAME,
              "its counts say "
                  + header.chunks()
                  + " chunks and "
                  + header.bytes()
                  + " bytes; it lists "
                  + listed[0]
                  + " files of "
                  + listed[1]
                  + " bytes"));
    }
    return new Report(
        header, chunkFiles, List.copyOf(problems), Collections.unmodifiableSet(skipped));
  }

  private static void compare(
      String member,
      Seen held,
      String sha256,
      long size,
      List<Problem> problems,
      Set<Integer> skipped) {
    if (!held.sha256().equals(sha256) || held.size() != size) {
      problems.add(
          new Problem(
              Kind.CHECKSUM,
              member,
              "its SHA-256 "
                  + held.sha256()
                  + " ("
                  + held.size()
                  + " bytes) is not the "
                  + sha256
                  + " ("
                  + size
                  + " bytes) the manifest lists; passed over"));
      skipped.add(held.index());
    }
  }

  /** Why a chunk file cannot be restored, if it cannot. */
  private static Optional<String> decode(ArchiveReader.Member member, byte[] data) {
    try {
      Chunk chunk = ChunkCodec.decode(member.name(), data);
      if (!ChunkCodec.key(chunk.id()).equals(member.name())) {
        return Optional.of("its front matter names another id; passed over");
      }
      return Optional.empty();
    } catch (CorruptDataException e) {
      return Optional.of(e.getMessage() + "; passed over");
    }
  }

  private static Problem problem(Kind kind, ArchiveReader.Member member, String detail) {
    String shown = ChunkCodec.isKey(member.name()) ? member.name() : "member " + member.index();
    return new Problem(kind, shown, detail);
  }

  /** Told each chunk a restore takes from an archive. */
  @FunctionalInterface
  public interface ChunkListener {
    void chunk(Chunk chunk);
  }

  /**
   * Reads the archive again and tells {@code chunks} of each chunk file the check passed, in member
   * order: what a restore writes.
   */
  public static void chunks(Path file, Report report, ChunkListener chunks) {
    try (ArchiveReader reader = new ArchiveReader(file)) {
      for (ArchiveReader.Member member = reader.next(); member != null; member = reader.next()) {
        if (member.name().equals(ArchiveManifest.NAME)
            || report.skipped().contains(member.index())) {
          continue;
        }
        chunks.chunk(ChunkCodec.decode(member.name(), reader.readAll()));
      }
    }
  }
}
