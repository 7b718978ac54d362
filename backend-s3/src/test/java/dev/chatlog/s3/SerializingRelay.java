package dev.chatlog.s3;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP relay in front of S3Proxy that handles one request at a time.
 *
 * <p>Why it exists: S3Proxy checks {@code If-None-Match} and {@code If-Match} on a PUT by reading
 * the object's metadata and then writing, two steps that are not atomic together, so two racing
 * conditional writes of one key can both succeed there. Real S3 (and MinIO) decide such races on
 * the server. The relay serializes requests, so that each check-then-write of S3Proxy runs alone
 * and the concurrency tests exercise chatlog's use of the conditions, not S3Proxy's missing
 * atomicity. The relay itself checks no condition: it forwards every header and body unchanged,
 * unless told to drop {@code If-None-Match} (to play a server that ignores it) or to answer a 500
 * after forwarding a PUT (to play a write that succeeded but whose answer was lost).
 */
final class SerializingRelay extends LoopbackRelay {
  private final boolean dropIfNoneMatch;
  private volatile int putsToLose;

  private SerializingRelay(URI target, boolean dropIfNoneMatch) {
    super(target, Executors.newSingleThreadExecutor());
    this.dropIfNoneMatch = dropIfNoneMatch;
  }

  /** A relay that forwards everything unchanged. */
  static SerializingRelay to(URI target) {
    return new SerializingRelay(target, false);
  }

  /** A relay that drops {@code If-None-Match} from every request: a server that ignores it. */
  static SerializingRelay ignoringIfNoneMatch(URI target) {
    return new SerializingRelay(target, true);
  }

  /** The next {@code n} PUTs are forwarded and applied, but answered with a 500. */
  void losePutAnswers(int n) {
    putsToLose = n;
  }

  @Override
  boolean forwards(String header) {
    return !(dropIfNoneMatch && header.equals("if-none-match"));
  }

  @Override
  void relay(HttpExchange exchange, String method, URI uri, byte[] body)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response = forward(exchange, method, uri, body);
    if (method.equals("PUT") && putsToLose > 0 && response.statusCode() == 200) {
      putsToLose--;
      error(exchange, 500, "InternalError", "lost");
      return;
    }
    passOn(exchange, method, response);
  }
}
