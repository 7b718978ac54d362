package dev.chatlog.engine;

import static java.util.Objects.requireNonNull;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * The entropy of new chunk ids: bytes of the operating system's random device ({@code
 * /dev/urandom}, the device the JDK's default {@link SecureRandom} reads on Unix too), read a block
 * at a time when first needed; where the device is missing or cannot be read, a {@link
 * SecureRandom} made at that moment and kept. Nothing is opened or initialised until an id is made,
 * so opening a store to read costs nothing here, and a save does not start the JDK's security
 * providers (several milliseconds in a fresh process). Thread-safe.
 */
final class SystemEntropy implements RandomGenerator {
  /** The random device of Linux, macOS and the BSDs. */
  static final Path DEVICE = Path.of("/dev/urandom");

  /** Bytes read from the device at once: the entropy of 16 ids. */
  private static final int BLOCK = 256;

  private final Path device;
  private final ByteBuffer block = ByteBuffer.allocate(BLOCK).position(BLOCK);
  private RandomGenerator fallback;

  /** Entropy from {@link #DEVICE}. */
  SystemEntropy() {
    this(DEVICE);
  }

  /** Entropy from {@code device}, or from a {@link SecureRandom} when it cannot be read. */
  SystemEntropy(Path device) {
    this.device = requireNonNull(device, "device is null");
  }

  @Override
  public synchronized long nextLong() {
    if (fallback == null) {
      if (block.remaining() >= Long.BYTES || refill()) {
        return block.getLong();
      }
      fallback = new SecureRandom();
    }
    return fallback.nextLong();
  }

  /** Fills the block from the device; false when it cannot be opened or gives too few bytes. */
  private boolean refill() {
    try (InputStream in = new FileInputStream(device.toFile())) {
      int read = in.readNBytes(block.array(), 0, BLOCK);
      block.clear().limit(read);
      return read == BLOCK;
    } catch (IOException e) {
      return false;
    }
  }
}
