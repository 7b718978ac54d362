package dev.chatlog.capture.source;

/**
 * What a zip archive may expand to before it is refused as a zip bomb.
 *
 * @param maxTotalBytes most bytes read from all its entries together
 * @param maxRatio most bytes read from an entry per compressed byte, checked once an entry has
 *     given {@code ratioThresholdBytes}
 * @param ratioThresholdBytes bytes an entry may give before its ratio is checked (small entries
 *     compress well without being bombs)
 * @param maxEntries most entries in the archive
 */
public record ZipLimits(
    long maxTotalBytes, long maxRatio, long ratioThresholdBytes, int maxEntries) {

  /**
   * 8 GiB in all, 200 bytes per compressed byte past 1 MiB, 100,000 entries: the largest real
   * exports (hundreds of MB of JSON compressed about tenfold) pass with a wide margin.
   */
  public static final ZipLimits DEFAULT = new ZipLimits(8L << 30, 200, 1L << 20, 100_000);

  public ZipLimits {
    if (maxTotalBytes <= 0 || maxRatio <= 0 || ratioThresholdBytes < 0 || maxEntries <= 0) {
      throw new IllegalArgumentException("zip limits must be positive");
    }
  }
}
