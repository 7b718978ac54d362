package dev.chatlog.spi;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, in ascending key order.
 *
 * @param blobs the objects of this page, at most the requested page size
 * @param next the {@code startAfter} to pass for the next page; empty when this was the last page
 * @since 0.1.0
 */
public record BlobPage(List<BlobInfo> blobs, Optional<String> next) {
  public BlobPage {
    blobs = List.copyOf(blobs);
  }
}
