package dev.chatlog.spi;

import static java.util.Objects.requireNonNull;

/**
 * The precondition of every {@link BlobStore#put}: there is no unconditional write.
 *
 * @since 0.1.0
 */
public sealed interface PutCondition {

  /** The put succeeds only if no object exists under the key. */
  static PutCondition createOnly() {
    return CreateOnly.INSTANCE;
  }

  /** The put succeeds only if the object exists and its current version is {@code version}. */
  static PutCondition ifVersion(String version) {
    return new IfVersion(version);
  }

  /** See {@link #createOnly()}. */
  enum CreateOnly implements PutCondition {
    INSTANCE
  }

  /** See {@link #ifVersion(String)}. */
  record IfVersion(String version) implements PutCondition {
    public IfVersion {
      requireNonNull(version, "version is null");
    }
  }
}
