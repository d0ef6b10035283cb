package dev.ensemble.client;

import dev.ensemble.ot.TextOperation;
import dev.ensemble.wire.JsonSupport;
import dev.ensemble.wire.TextOperationJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The client side of the protocol, without transport: the classic OT client with at most one
 * operation in flight and a buffer behind it, applying server operations strictly in version order.
 * After a reconnect it asks for the operations it missed and resends what was in flight with the
 * same {@code src} and {@code seq}. Not thread-safe: callers serialise access.
 */
public final class CollabClient {

  private final String src;
  private String document = "";
  private long version = -1;
  private boolean reconnecting;
  private Consumer<String> outbox = m -> {};
  private boolean connected;

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

  public CollabClient(String src) {
    this.src = src;
  }

  /** A new connection is open; messages go out through {@code outbox}. */
  public void connected(Consumer<String> outbox) {
    this.outbox = outbox;
    this.connected = true;
    this.reconnecting = version >= 0;
  }

  public void disconnected() {
    connected = false;
    outbox = m -> {};
    early.clear();
  }

  /** Applies a local edit and sends it when nothing is in flight. */
  public void edit(TextOperation op) {
    document = op.apply(document);
    if (inflight == null) {
      inflight = op;
      inflightSeq = nextSeq++;
      if (!reconnecting) {
        sendInflight();
      }
    } else {
      buffer = buffer == null ? op : buffer.compose(op);
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
      case "language" -> language = m.getString("language");
      case "error" -> onError(m);
      default -> throw new IllegalStateException("unexpected message " + m);
    }
  }

  private void onSnapshot(JsonObject m) {
    clientId = m.getString("clientId");
    language = m.getString("language");
    peers.clear();
    m.getJsonArray("peers")
        .forEach(p -> peers.put(p.asJsonObject().getString("clientId"), p.asJsonObject()));
    if (!reconnecting) {
      document = m.getString("content");
      version = m.getJsonNumber("v").longValue();
      return;
    }
    // keep our own state: fetch what we missed, then resend what was in flight
    outbox.accept("{\"type\":\"catchup\",\"v\":" + version + "}");
    reconnecting = false;
    if (inflight != null) {
      sendInflight();
    }
  }

  private void drainInOrder() {
    while (!early.isEmpty() && early.firstKey() <= version + 1) {
      Map.Entry<Long, JsonObject> next = early.pollFirstEntry();
      if (next.getKey() == version + 1) {
        apply(next.getValue());
      }
    }
  }

  private void apply(JsonObject m) {
    long v = m.getJsonNumber("v").longValue();
    boolean ack = m.getString("type").equals("ack");
    long seq = m.getJsonNumber("seq").longValue();
    boolean own = ack || (m.getString("src").equals(src));
    if (own) {
      if (inflight == null || seq != inflightSeq) {
        throw new IllegalStateException("own op " + seq + " at " + v + " is not the one in flight");
      }
      acknowledgedSeqs.add(seq);
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
    TextOperation op = TextOperationJson.fromJson(m.getJsonArray("op"));
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
    version = v;
  }

  private void onError(JsonObject m) {
    errors.add(m);
    if (m.containsKey("seq")
        && inflight != null
        && m.getJsonNumber("seq").longValue() == inflightSeq
        && m.getBoolean("retryable")) {
      sendInflight();
    }
  }

  private void sendInflight() {
    if (!connected) {
      return;
    }
    JsonObject message =
        JsonSupport.PROVIDER
            .createObjectBuilder()
            .add("type", "op")
            .add("v", version)
            .add("op", TextOperationJson.toJson(inflight))
            .add("src", src)
            .add("seq", inflightSeq)
            .build();
    outbox.accept(message.toString());
  }

  public String document() {
    return document;
  }

  public long version() {
    return version;
  }

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
