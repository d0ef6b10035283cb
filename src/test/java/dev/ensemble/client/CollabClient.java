package dev.ensemble.client;

import dev.ensemble.ot.TextOperation;
import dev.ensemble.wire.JsonSupport;
import dev.ensemble.wire.Sources;
import dev.ensemble.wire.TextOperationJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The client side of the protocol, without transport: the classic OT client with at most one
 * operation in flight and a buffer behind it, applying server operations strictly in version order.
 * A session starts with a hello carrying the client's key; after a reconnect the client asks for
 * the operations it missed and resends what was in flight with the same {@code seq} once it has
 * them. When the server sends the document anew (the client was too far behind), the pending edits
 * are carried over onto it. It mirrors the browser's {@code js/client.js}. Not thread-safe: callers
 * serialise access.
 */
public final class CollabClient {

  private final String key;
  private final String src;
  private final String secret;
  private String document = "";

  /** The document at {@link #version}: what the server has, without the pending edits. */
  private String confirmed = "";

  private long version = -1;
  private Consumer<String> outbox = m -> {};
  private boolean connected;

  /** True once the current connection's snapshot has arrived. */
  private boolean live;

  /** After a reconnect, the version the catch-up must reach before the resend; else -1. */
  private long catchingUpTo = -1;

  private TextOperation inflight;
  private long inflightSeq;
  private TextOperation buffer;
  private long nextSeq = 1;

  /** Server operations and acknowledgements that arrived before the versions in front of them. */
  private final TreeMap<Long, JsonObject> early = new TreeMap<>();

  private final List<Long> acknowledgedSeqs = new ArrayList<>();
  private final List<JsonObject> errors = new ArrayList<>();
  private final Map<String, JsonObject> peers = new TreeMap<>();
  private String clientId;
  private String language;

  /** A client whose key starts with {@code name}, so that logs tell the clients apart. */
  public CollabClient(String name) {
    this(name, null);
  }

  /** Like {@link #CollabClient(String)}, opening the room with a share link's {@code secret}. */
  public CollabClient(String name, String secret) {
    this.secret = secret;
    this.key =
        name.replaceAll("[^A-Za-z0-9_-]", "") + "_" + UUID.randomUUID().toString().replace("-", "");
    this.src = Sources.fromKey(key);
  }

  /** A new connection is open; messages go out through {@code outbox}, the hello first. */
  public void connected(Consumer<String> outbox) {
    this.outbox = outbox;
    this.connected = true;
    this.live = false;
    outbox.accept(
        "{\"type\":\"hello\",\"key\":\""
            + key
            + (secret == null ? "" : "\",\"secret\":\"" + secret)
            + "\"}");
  }

  public void disconnected() {
    connected = false;
    live = false;
    catchingUpTo = -1;
    outbox = m -> {};
    early.clear();
  }

  /** Applies a local edit and sends it when nothing is in flight. */
  public void edit(TextOperation op) {
    document = op.apply(document);
    if (inflight == null) {
      inflight = op;
      inflightSeq = nextSeq++;
      sendInflight();
    } else {
      buffer = buffer == null ? op : buffer.compose(op);
    }
  }

  /** Asks the room to switch its language. */
  public void changeLanguage(String newLanguage) {
    if (live) {
      outbox.accept("{\"type\":\"language\",\"language\":\"" + newLanguage + "\"}");
    }
  }

  public void onMessage(String text) {
    try (JsonReader reader = JsonSupport.PROVIDER.createReader(new StringReader(text))) {
      onMessage(reader.readObject());
    }
  }

  /** A server message already parsed. */
  public void onMessage(JsonObject m) {
    switch (m.getString("type")) {
      case "ping" -> outbox.accept("{\"type\":\"pong\"}");
      case "snapshot" -> onSnapshot(m);
      case "op", "ack" -> {
        long v = m.getJsonNumber("v").longValue();
        if (v > version) {
          early.put(v, m);
          drainInOrder();
        }
      }
      case "presence" -> {
        if (m.getBoolean("left", false)) {
          peers.remove(m.getString("clientId"));
        } else {
          peers.put(m.getString("clientId"), m);
        }
      }
      case "error" -> onError(m);
      // outside open mode, what the session may do; these clients edit, with an edit link
      case "access" -> {}
      default -> throw new IllegalStateException("unexpected message " + m);
    }
  }

  private void onSnapshot(JsonObject m) {
    if (!m.getString("src").equals(src)) {
      throw new IllegalStateException("the server bound " + m.getString("src") + ", not " + src);
    }
    clientId = m.getString("clientId");
    peers.clear();
    m.getJsonArray("peers")
        .forEach(p -> peers.put(p.asJsonObject().getString("clientId"), p.asJsonObject()));
    long v = m.getJsonNumber("v").longValue();
    if (version < 0) {
      live = true;
      language = m.getString("language");
      document = m.getString("content");
      confirmed = document;
      version = v;
    } else if (!live) {
      // a new connection: keep our document, fetch what we missed, then resend what was in flight
      live = true;
      outbox.accept("{\"type\":\"catchup\",\"v\":" + version + "}");
      catchingUpTo = v;
      resendIfCaughtUp();
    } else {
      carryOver(m);
    }
  }

  /**
   * The server sent the document anew: the pending edits move onto it, by way of the change between
   * the document they were made on and the new one. An edit in flight that the new document holds
   * already (its {@code seq} is in the log) is dropped.
   */
  private void carryOver(JsonObject m) {
    String content = m.getString("content");
    boolean inLog = inflight != null && inflightSeq <= m.getJsonNumber("seq").longValue();
    TextOperation pending = inLog ? buffer : compose(inflight, buffer);
    String base = inLog ? inflight.apply(confirmed) : confirmed;
    if (inLog) {
      acknowledgedSeqs.add(inflightSeq);
    }
    TextOperation theirs = Diff.between(base, content);
    language = m.getString("language");
    version = m.getJsonNumber("v").longValue();
    confirmed = content;
    early.headMap(version, true).clear();
    catchingUpTo = -1;
    inflight = null;
    buffer = null;
    document = content;
    if (pending != null) {
      TextOperation rebased = TextOperation.transform(theirs, pending).bPrime();
      document = rebased.apply(content);
      inflight = rebased;
      inflightSeq = nextSeq++;
      sendInflight();
    }
    drainInOrder();
  }

  private static TextOperation compose(TextOperation a, TextOperation b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a.compose(b);
  }

  private void drainInOrder() {
    while (!early.isEmpty() && early.firstKey() <= version + 1) {
      Map.Entry<Long, JsonObject> next = early.pollFirstEntry();
      if (next.getKey() == version + 1) {
        apply(next.getValue());
        resendIfCaughtUp();
      }
    }
  }

  private void resendIfCaughtUp() {
    if (catchingUpTo >= 0 && version >= catchingUpTo) {
      catchingUpTo = -1;
      sendInflight();
    }
  }

  private void apply(JsonObject m) {
    long v = m.getJsonNumber("v").longValue();
    boolean ack = m.getString("type").equals("ack");
    long seq = m.getJsonNumber("seq").longValue();
    boolean own = ack || m.getString("src").equals(src);
    if (own && inflight != null && seq == inflightSeq) {
      acknowledgedSeqs.add(seq);
      confirmed = inflight.apply(confirmed);
      version = v;
      inflight = null;
      if (buffer != null) {
        inflight = buffer;
        inflightSeq = nextSeq++;
        buffer = null;
        sendInflight();
      }
      return;
    }
    if (ack) {
      // an acknowledgement of an edit given up on: the operation itself comes with a catch-up
      outbox.accept("{\"type\":\"catchup\",\"v\":" + version + "}");
      return;
    }
    TextOperation op = TextOperationJson.fromJson(m.getJsonArray("op"));
    confirmed = op.apply(confirmed);
    if (inflight != null) {
      TextOperation.Transformed t = TextOperation.transform(op, inflight);
      inflight = t.bPrime();
      op = t.aPrime();
      if (buffer != null) {
        TextOperation.Transformed u = TextOperation.transform(op, buffer);
        buffer = u.bPrime();
        op = u.aPrime();
      }
    }
    document = op.apply(document);
    if (m.containsKey("language")) {
      language = m.getString("language");
    }
    version = v;
  }

  private void onError(JsonObject m) {
    errors.add(m);
    boolean aboutInflight =
        m.containsKey("seq")
            && inflight != null
            && m.getJsonNumber("seq").longValue() == inflightSeq;
    if (!aboutInflight) {
      return;
    }
    if (m.getBoolean("retryable")) {
      sendInflight();
    } else if (m.getString("code").equals("version-too-old")) {
      // fetch what came since, then send the edit again on top of it
      outbox.accept("{\"type\":\"catchup\",\"v\":" + version + "}");
      sendInflight();
    }
  }

  private void sendInflight() {
    if (!connected || !live || catchingUpTo >= 0 || inflight == null) {
      return;
    }
    JsonObject message =
        JsonSupport.PROVIDER
            .createObjectBuilder()
            .add("type", "op")
            .add("seq", inflightSeq)
            .add("v", version)
            .add("op", TextOperationJson.toJson(inflight))
            .build();
    outbox.accept(message.toString());
  }

  public String document() {
    return document;
  }

  public long version() {
    return version;
  }

  /** The source the server binds to this client's sessions. */
  public String src() {
    return src;
  }

  public String clientId() {
    return clientId;
  }

  public String language() {
    return language;
  }

  /** True when everything typed here is acknowledged. */
  public boolean isSynchronized() {
    return inflight == null && buffer == null;
  }

  public List<Long> acknowledgedSeqs() {
    return List.copyOf(acknowledgedSeqs);
  }

  public List<JsonObject> errors() {
    return List.copyOf(errors);
  }

  public Map<String, JsonObject> peers() {
    return Map.copyOf(peers);
  }
}
