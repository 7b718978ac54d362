package dev.chatlog.testing;

import static java.util.Objects.requireNonNull;

import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobPage;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import java.util.Optional;

/**
 * A {@link BlobStore} that passes every call, {@link #close()} included, to a delegate: tests
 * extend it and override only the calls they want to fake, fail or record.
 */
public class ForwardingBlobStore implements BlobStore {
  /** The store every call goes to. */
  protected final BlobStore delegate;

  public ForwardingBlobStore(BlobStore delegate) {
    this.delegate = requireNonNull(delegate, "delegate is null");
  }

  @Override
  public Optional<Blob> get(String key) {
    return delegate.get(key);
  }

  @Override
  public Optional<Blob> getRange(String key, long offset, int length) {
    return delegate.getRange(key, offset, length);
  }

  @Override
  public String put(String key, byte[] data, PutCondition condition) {
    return delegate.put(key, data, condition);
  }

  @Override
  public BlobPage list(String prefix, String startAfter, int pageSize) {
    return delegate.list(prefix, startAfter, pageSize);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public String location() {
    return delegate.location();
  }

  @Override
  public boolean isLocal() {
    return delegate.isLocal();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
