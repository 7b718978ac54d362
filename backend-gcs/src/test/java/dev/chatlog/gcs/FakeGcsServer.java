package dev.chatlog.gcs;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

/**
 * A test double of the Google Cloud Storage JSON API, in process on {@code 127.0.0.1} and an
 * ephemeral port, for the real {@code google-cloud-storage} client pointed at it with {@code
 * setHost}. It serves only the calls {@link GcsBlobStore} makes:
 *
 * <ul>
 *   <li>{@code POST /upload/storage/v1/b/{bucket}/o?uploadType=multipart|media} — insert;
 *   <li>{@code GET /storage/v1/b/{bucket}/o/{object}} — metadata, or the bytes with {@code
 *       alt=media} (also under {@code /download/...}), honouring a {@code Range} header;
 *   <li>{@code GET /storage/v1/b/{bucket}/o} — list with {@code prefix}, {@code startOffset},
 *       {@code maxResults} and {@code pageToken};
 *   <li>{@code DELETE /storage/v1/b/{bucket}/o/{object}} — delete.
 * </ul>
 *
 * <p>Generations and preconditions follow the GCS documentation: each write gets a new generation
 * from one increasing counter; {@code ifGenerationMatch=0} means "must not exist"; a mismatch is
 * 412 with a GCS-style JSON error; a missing bucket is 404 "The specified bucket does not exist.".
 * Every request is handled under one lock, so it is atomic under concurrency. A request it does not
 * understand (an unknown route, or a precondition it does not implement) is answered 501 and
 * recorded in {@link #unexpected()}, which tests check, so a missing route is never a silent 200.
 *
 * <p>Tests can make the next requests fail with a given status ({@link #failNext}), be applied and
 * then answered with an error as if the answer were lost ({@link #failNextAfterApplying}), or let a
 * writer replace an object just before a download ({@link #replaceBeforeNextDownload}). A seeded
 * plan ({@link #injectFaults}) gives a share of the requests one of the {@link Disruption}s a real
 * endpoint shows, so that every run meets the same faults in the same order.
 */
public final class FakeGcsServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern OBJECT =
      Pattern.compile("/(?:download/)?storage/v1/b/([^/]+)/o/(.+)");
  private static final Pattern OBJECTS = Pattern.compile("/storage/v1/b/([^/]+)/o");
  private static final Pattern UPLOAD = Pattern.compile("/upload/storage/v1/b/([^/]+)/o");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
  private static final Set<String> PRECONDITIONS = Set.of("ifGenerationMatch");

  private final HttpServer server;
  private final ExecutorService executor;
  private final Object lock = new Object();
  private final Map<String, NavigableMap<String, StoredObject>> buckets = new HashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final Deque<Runnable> beforeDownloads = new ArrayDeque<>();
  private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, AtomicInteger> requestsByMethod = new ConcurrentHashMap<>();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final Map<Disruption, AtomicInteger> injected = new EnumMap<>(Disruption.class);
  private final AtomicInteger holding = new AtomicInteger();
  private List<Disruption> kinds = List.of();
  private Random plan = new Random(0);
  private double share;
  private int nextDisrupted;
  private Duration hold = Duration.ZERO;
  private long generation = 1_700_000_000_000_000L;

  /** The faults of {@link #injectFaults}, as a real GCS endpoint or the network shows them. */
  public enum Disruption {
    /** {@code 429 rateLimitExceeded}; the request is not applied. */
    THROTTLED,
    /** {@code 503 backendError}; the request is not applied. */
    UNAVAILABLE,
    /** The request is applied, then answered {@code 500}, as when its answer was lost. */
    LOST_ANSWER,
    /** The request is held past the client's timeout, then applied (late) and answered. */
    HELD,
    /**
     * The request is applied, then the connection is closed in the middle of the answer: after the
     * headers and half the body (or the headers of a body that never comes).
     */
    DROPPED
  }

  /** One stored object: immutable bytes and their generation. */
  /**
   * One request as it arrived, for tests that count requests by kind.
   *
   * @param method the HTTP method
   * @param path the raw path
   * @param query the decoded query parameters
   * @param range the {@code Range} header; empty when there was none
   * @param name the object the call reads, writes or deletes; empty for a listing
   */
  public record Call(
      String method, String path, Map<String, String> query, String range, String name) {
    public Call {
      query = Map.copyOf(query);
    }
  }

  private record StoredObject(String name, byte[] data, long generation, Instant created) {}

  /** An injected failure: its status, and whether the request is applied first. */
  private record Fault(int status, boolean applyFirst) {}

  /** A response to send. */
  private record Response(int status, Map<String, String> headers, byte[] body) {}

  static {
    // Answers go out in two writes (headers, body); without TCP_NODELAY each request waits for a
    // delayed ACK. The JDK server reads this once, before its first use.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private FakeGcsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
    for (Disruption disruption : Disruption.values()) {
      injected.put(disruption, new AtomicInteger());
    }
  }

  /** Starts a server holding the given (empty) buckets. */
  public static FakeGcsServer start(String... buckets) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread thread = new Thread(r, "fake-gcs");
                thread.setDaemon(true);
                return thread;
              });
      FakeGcsServer fake = new FakeGcsServer(server, executor);
      for (String bucket : buckets) {
        fake.createBucket(bucket);
      }
      server.createContext("/", fake::handle);
      server.setExecutor(executor);
      server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The endpoint to give the client, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Adds an empty bucket. */
  public void createBucket(String bucket) {
    synchronized (lock) {
      buckets.putIfAbsent(bucket, new TreeMap<>());
    }
  }

  /** Answers each of the next {@code count} requests with {@code status}, doing nothing. */
  public void failNext(int status, int count) {
    synchronized (lock) {
      for (int i = 0; i < count; i++) {
        faults.add(new Fault(status, false));
      }
    }
  }

  /** Applies the next request, then answers {@code status}, as if its answer were lost. */
  public void failNextAfterApplying(int status) {
    synchronized (lock) {
      faults.add(new Fault(status, true));
    }
  }

  /**
   * From now on, disrupts each request with probability {@code share}, drawing from {@code seed}
   * which request and which of {@code kinds} (each equally likely).
   *
   * @param hold how long a {@link Disruption#HELD} request is held before it is applied
   */
  public synchronized void injectFaults(
      double share, long seed, Duration hold, Disruption... kinds) {
    this.share = share;
    this.plan = new Random(seed);
    this.hold = hold;
    this.kinds = List.of(kinds);
  }

  /** Disrupts each of the next {@code count} requests, taking {@code kinds} in turn. */
  public synchronized void injectFaultsNext(int count, Duration hold, Disruption... kinds) {
    this.nextDisrupted = count;
    this.hold = hold;
    this.kinds = List.of(kinds);
  }

  /**
   * Stops disrupting requests and waits (at most the hold plus 10 seconds) until every held request
   * has been applied, so that the store no longer changes behind the test's back.
   */
  public void heal() {
    Duration waited;
    synchronized (this) {
      share = 0;
      nextDisrupted = 0;
      waited = hold.plusSeconds(10);
    }
    long deadline = System.nanoTime() + waited.toNanos();
    while (holding.get() > 0 && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** How many requests got a disruption of this kind so far. */
  public int injected(Disruption disruption) {
    return injected.get(disruption).get();
  }

  /** Every request that arrived so far, as {@code METHOD path}. */
  public List<String> requests() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  private synchronized Disruption draw() {
    Disruption drawn = null;
    if (nextDisrupted > 0) {
      nextDisrupted--;
      drawn = kinds.get(nextDisrupted % kinds.size());
    } else if (share > 0 && plan.nextDouble() < share) {
      drawn = kinds.get(plan.nextInt(kinds.size()));
    }
    if (drawn != null) {
      injected.get(drawn).incrementAndGet();
      if (drawn == Disruption.HELD) {
        holding.incrementAndGet();
      }
    }
    return drawn;
  }

  /**
   * Writes {@code data} under {@code name} (a new generation) just before the next download is
   * served, as a writer racing a reader would.
   */
  public void replaceBeforeNextDownload(String bucket, String name, byte[] data) {
    synchronized (lock) {
      beforeDownloads.add(
          () ->
              buckets
                  .get(bucket)
                  .put(name, new StoredObject(name, data, ++generation, Instant.now())));
    }
  }

  /** Deletes {@code name} just before the next download is served. */
  public void deleteBeforeNextDownload(String bucket, String name) {
    synchronized (lock) {
      beforeDownloads.add(() -> buckets.get(bucket).remove(name));
    }
  }

  /** Every request since the start or the last {@link #clearCalls()}, in order of arrival. */
  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** Forgets the calls seen so far. */
  public void clearCalls() {
    calls.clear();
  }

  /** How many requests arrived so far. */
  public int requestCount() {
    return requests.get();
  }

  /** How many requests of one HTTP method ({@code GET}, {@code POST}, {@code DELETE}) arrived. */
  public int requestCount(String method) {
    AtomicInteger count = requestsByMethod.get(method);
    return count == null ? 0 : count.get();
  }

  /** Requests the fake did not understand; empty when every call was served as GCS would. */
  public List<String> unexpected() {
    return List.copyOf(unexpected);
  }

  /** The names of the objects in a bucket, in order. */
  public List<String> names(String bucket) {
    synchronized (lock) {
      return List.copyOf(buckets.get(bucket).keySet());
    }
  }

  /** The bytes of every object of a bucket, by name. */
  public Map<String, byte[]> objects(String bucket) {
    synchronized (lock) {
      Map<String, byte[]> all = new TreeMap<>();
      buckets.get(bucket).forEach((name, object) -> all.put(name, object.data().clone()));
      return all;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    requestsByMethod
        .computeIfAbsent(exchange.getRequestMethod(), m -> new AtomicInteger())
        .incrementAndGet();
    log.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
    byte[] body = readBody(exchange);
    calls.add(call(exchange, body));
    Disruption disruption = draw();
    if (disruption == Disruption.HELD) {
      try {
        Thread.sleep(hold.toMillis());
      } catch (InterruptedException e) {
        // The server is closing: the held request is never applied.
        holding.decrementAndGet();
        Thread.currentThread().interrupt();
        exchange.close();
        return;
      }
    }
    Response response;
    try {
      synchronized (lock) {
        Fault fault = faults.poll();
        if (fault != null && !fault.applyFirst()) {
          response = error(fault.status(), reason(fault.status()), "Injected failure");
        } else if (disruption == Disruption.THROTTLED || disruption == Disruption.UNAVAILABLE) {
          int status = disruption == Disruption.THROTTLED ? 429 : 503;
          response = error(status, reason(status), "Injected failure");
        } else {
          response = route(exchange, body);
          if (fault != null) {
            response = error(fault.status(), reason(fault.status()), "Injected failure");
          } else if (disruption == Disruption.LOST_ANSWER) {
            response = error(500, "backendError", "Injected failure after applying");
          }
        }
      }
    } catch (RuntimeException e) {
      unexpected.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + e);
      response = error(500, "internalError", String.valueOf(e));
    } finally {
      if (disruption == Disruption.HELD) {
        holding.decrementAndGet();
      }
    }
    if (disruption == Disruption.DROPPED) {
      drop(exchange, response);
    }
    send(exchange, response);
  }

  /**
   * Sends the headers and half the body of {@code response}, then ends the exchange by throwing,
   * which makes the JDK server close the connection: the client meets the end of the stream in the
   * middle of an answer. An answer without a body announces some bytes that never come.
   */
  private static void drop(HttpExchange exchange, Response response) throws IOException {
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] body = response.body();
    if (body.length == 0) {
      exchange.sendResponseHeaders(200, 64);
    } else {
      exchange.sendResponseHeaders(response.status(), body.length);
      OutputStream out = exchange.getResponseBody();
      out.write(body, 0, body.length / 2);
      out.flush();
    }
    throw new IOException("connection dropped by the fault plan");
  }

  private Response route(HttpExchange exchange, byte[] body) {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    for (String key : query.keySet()) {
      if (key.startsWith("if") && !PRECONDITIONS.contains(key)) {
        return unexpected(exchange, "unsupported precondition " + key);
      }
    }
    Matcher upload = UPLOAD.matcher(path);
    if (method.equals("POST") && upload.matches()) {
      return insert(exchange, decode(upload.group(1)), query, body);
    }
    Matcher object = OBJECT.matcher(path);
    if (object.matches()) {
      String bucket = decode(object.group(1));
      String name = decode(object.group(2));
      if (method.equals("GET")) {
        return "media".equals(query.get("alt"))
            ? media(exchange, bucket, name, query)
            : metadata(bucket, name, query);
      }
      if (method.equals("DELETE")) {
        return delete(bucket, name, query);
      }
    }
    Matcher objects = OBJECTS.matcher(path);
    if (method.equals("GET") && objects.matches()) {
      if (query.containsKey("delimiter") || query.containsKey("versions")) {
        return unexpected(exchange, "unsupported list parameter");
      }
      return list(decode(objects.group(1)), query);
    }
    return unexpected(exchange, "unknown route");
  }

  private Response insert(
      HttpExchange exchange, String bucket, Map<String, String> query, byte[] body) {
    String name;
    byte[] data;
    String uploadType = query.getOrDefault("uploadType", "");
    if (uploadType.equals("multipart")) {
      List<byte[]> parts = multipart(exchange.getRequestHeaders().getFirst("Content-Type"), body);
      JsonNode metadata = json(parts.get(0));
      name = metadata.path("name").asText(query.get("name"));
      data = parts.get(1);
    } else if (uploadType.equals("media")) {
      name = query.get("name");
      data = body;
    } else {
      return unexpected(exchange, "unsupported uploadType '" + uploadType + "'");
    }
    NavigableMap<String, StoredObject> objects = buckets.get(bucket);
    if (objects == null) {
      return noBucket();
    }
    StoredObject current = objects.get(name);
    if (!matches(query, current)) {
      return preconditionFailed();
    }
    StoredObject stored = new StoredObject(name, data, ++generation, Instant.now());
    objects.put(name, stored);
    return json(200, resource(bucket, stored));
  }

  private Response metadata(String bucket, String name, Map<String, String> query) {
    Lookup found = lookUp(bucket, name, query);
    if (found.refusal() != null) {
      return found.refusal();
    }
    StoredObject current = found.object();
    return json(200, resource(bucket, current));
  }

  private Response media(
      HttpExchange exchange, String bucket, String name, Map<String, String> query) {
    Runnable race = beforeDownloads.poll();
    if (race != null) {
      race.run();
    }
    Lookup found = lookUp(bucket, name, query);
    if (found.refusal() != null) {
      return found.refusal();
    }
    StoredObject current = found.object();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/octet-stream");
    headers.put("x-goog-generation", Long.toString(current.generation()));
    headers.put("x-goog-metageneration", "1");
    headers.put("x-goog-stored-content-length", Integer.toString(current.data().length));
    headers.put("x-goog-hash", "crc32c=" + crc32c(current.data()) + ",md5=" + md5(current.data()));
    String range = exchange.getRequestHeaders().getFirst("Range");
    if (range == null) {
      return new Response(200, headers, current.data());
    }
    Matcher matcher = RANGE.matcher(range.trim());
    if (!matcher.matches()) {
      return unexpected(exchange, "unsupported Range '" + range + "'");
    }
    int size = current.data().length;
    long first = Long.parseLong(matcher.group(1));
    long last = matcher.group(2).isEmpty() ? size - 1L : Long.parseLong(matcher.group(2));
    if (first >= size) {
      return error(416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
    }
    int end = (int) Math.min(size - 1L, last);
    byte[] slice = java.util.Arrays.copyOfRange(current.data(), (int) first, end + 1);
    headers.put("Content-Range", "bytes " + first + "-" + end + "/" + size);
    return new Response(206, headers, slice);
  }

  private Response delete(String bucket, String name, Map<String, String> query) {
    Lookup found = lookUp(bucket, name, query);
    if (found.refusal() != null) {
      return found.refusal();
    }
    found.objects().remove(name);
    return new Response(204, Map.of(), new byte[0]);
  }

  /**
   * The object a read or delete is about, in its bucket, or the answer that refuses the request: no
   * bucket (404), no object (404), or a failed generation precondition (412).
   */
  private record Lookup(
      NavigableMap<String, StoredObject> objects, StoredObject object, Response refusal) {}

  private Lookup lookUp(String bucket, String name, Map<String, String> query) {
    NavigableMap<String, StoredObject> objects = buckets.get(bucket);
    if (objects == null) {
      return new Lookup(null, null, noBucket());
    }
    StoredObject current = find(objects, name, query);
    if (current == null) {
      return new Lookup(objects, null, noObject(bucket, name));
    }
    if (!matches(query, current)) {
      return new Lookup(objects, current, preconditionFailed());
    }
    return new Lookup(objects, current, null);
  }

  private Response list(String bucket, Map<String, String> query) {
    NavigableMap<String, StoredObject> objects = buckets.get(bucket);
    if (objects == null) {
      return noBucket();
    }
    String prefix = query.getOrDefault("prefix", "");
    String from = query.getOrDefault("startOffset", "");
    int max = Integer.parseInt(query.getOrDefault("maxResults", "1000"));
    String token = query.get("pageToken");
    String after = token == null ? null : new String(Base64.getUrlDecoder().decode(token), UTF_8);
    ObjectNode page = JSON.createObjectNode().put("kind", "storage#objects");
    ArrayNode items = JSON.createArrayNode();
    String last = null;
    boolean more = false;
    for (StoredObject object : objects.tailMap(prefix, true).values()) {
      String name = object.name();
      if (!name.startsWith(prefix)) {
        break;
      }
      if (name.compareTo(from) < 0 || (after != null && name.compareTo(after) <= 0)) {
        continue;
      }
      if (items.size() == max) {
        more = true;
        break;
      }
      items.add(resource(bucket, object));
      last = name;
    }
    if (!items.isEmpty()) {
      page.set("items", items);
    }
    if (more) {
      page.put("nextPageToken", Base64.getUrlEncoder().encodeToString(last.getBytes(UTF_8)));
    }
    return json(200, page);
  }

  private static StoredObject find(
      NavigableMap<String, StoredObject> objects, String name, Map<String, String> query) {
    StoredObject current = objects.get(name);
    String wanted = query.get("generation");
    if (current != null && wanted != null && Long.parseLong(wanted) != current.generation()) {
      return null;
    }
    return current;
  }

  /** {@code ifGenerationMatch}: 0 means "must not exist", any other value the live generation. */
  private static boolean matches(Map<String, String> query, StoredObject current) {
    String expected = query.get("ifGenerationMatch");
    if (expected == null) {
      return true;
    }
    long generation = Long.parseLong(expected);
    return generation == 0
        ? current == null
        : current != null && current.generation() == generation;
  }

  private ObjectNode resource(String bucket, StoredObject object) {
    String created = object.created().toString();
    return JSON.createObjectNode()
        .put("kind", "storage#object")
        .put("id", bucket + "/" + object.name() + "/" + object.generation())
        .put("name", object.name())
        .put("bucket", bucket)
        .put("generation", Long.toString(object.generation()))
        .put("metageneration", "1")
        .put("contentType", "application/octet-stream")
        .put("storageClass", "STANDARD")
        .put("size", Integer.toString(object.data().length))
        .put("md5Hash", md5(object.data()))
        .put("crc32c", crc32c(object.data()))
        .put("timeCreated", created)
        .put("updated", created);
  }

  private Response unexpected(HttpExchange exchange, String why) {
    unexpected.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + why);
    return error(501, "notImplemented", "The fake GCS server does not serve this: " + why);
  }

  private static Response preconditionFailed() {
    return error(
        412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
  }

  private static Response noBucket() {
    return error(404, "notFound", "The specified bucket does not exist.");
  }

  private static Response noObject(String bucket, String name) {
    return error(404, "notFound", "No such object: " + bucket + "/" + name);
  }

  private static Response error(int status, String reason, String message) {
    ObjectNode detail = JSON.createObjectNode().put("message", message).put("domain", "global");
    detail.put("reason", reason);
    ObjectNode error = JSON.createObjectNode().put("code", status).put("message", message);
    error.putArray("errors").add(detail);
    ObjectNode body = JSON.createObjectNode();
    body.set("error", error);
    return json(status, body);
  }

  private static String reason(int status) {
    return switch (status) {
      case 401 -> "required";
      case 403 -> "forbidden";
      case 404 -> "notFound";
      case 412 -> "conditionNotMet";
      case 429 -> "rateLimitExceeded";
      default -> "backendError";
    };
  }

  private static Response json(int status, JsonNode body) {
    try {
      return new Response(
          status,
          Map.of("Content-Type", "application/json; charset=UTF-8"),
          JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    boolean empty = response.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(response.status(), empty ? -1 : response.body().length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    }
    exchange.close();
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream raw = exchange.getRequestBody()) {
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  /** The parts of a {@code multipart/related} body, in order. */
  private static List<byte[]> multipart(String contentType, byte[] body) {
    Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
    if (!boundary.find()) {
      throw new IllegalArgumentException("no multipart boundary in " + contentType);
    }
    String text = new String(body, ISO_8859_1);
    String delimiter = "--" + boundary.group(1);
    List<byte[]> parts = new ArrayList<>();
    int at = text.indexOf(delimiter);
    while (at >= 0) {
      int start = at + delimiter.length();
      if (text.startsWith("--", start)) {
        break;
      }
      int next = text.indexOf("\r\n" + delimiter, start);
      String part = text.substring(start, next);
      int headersEnd = part.indexOf("\r\n\r\n");
      parts.add(part.substring(headersEnd + 4).getBytes(ISO_8859_1));
      at = next + 2;
    }
    if (parts.size() != 2) {
      throw new IllegalArgumentException("expected 2 multipart parts, got " + parts.size());
    }
    return parts;
  }

  private static Call call(HttpExchange exchange, byte[] body) {
    String path = exchange.getRequestURI().getRawPath();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String range = exchange.getRequestHeaders().getFirst("Range");
    String name = query.getOrDefault("name", "");
    Matcher object = OBJECT.matcher(path);
    if (object.matches()) {
      name = decode(object.group(2));
    } else if (UPLOAD.matcher(path).matches() && "multipart".equals(query.get("uploadType"))) {
      try {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        name = json(multipart(type, body).get(0)).path("name").asText(name);
      } catch (RuntimeException e) {
        // routing reports the malformed upload
      }
    }
    return new Call(exchange.getRequestMethod(), path, query, range == null ? "" : range, name);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      query.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return query;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, UTF_8);
  }

  private static String md5(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
