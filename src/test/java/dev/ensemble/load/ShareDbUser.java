package dev.ensemble.load;

import dev.ensemble.ot.TextOperation;
import dev.ensemble.wire.JsonSupport;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;

/**
 * A user of a ShareDB server: ShareDB's protocol (handshake, subscribe, create, op/ack) with the
 * ot-text-unicode type, and the same client rules as ShareDB's own client: one op in flight, the
 * rest composed behind it, and a pending op transformed before ops from the server (ShareDB puts
 * the op being submitted first at a tie, on the server as on its clients).
 */
final class ShareDbUser extends SocketUser {

  private static final String TEXT_TYPE = "http://sharejs.org/types/text-unicode";

  private final String name;

  private String agent;
  private String doc = "";
  private long version = -1;
  private long seq;
  private long createSeq = -1;
  private boolean creating;
  private TextOperation inflight;
  private long inflightSeq;
  private TextOperation buffer;
  private boolean fetching;

  ShareDbUser(String name, int server, String room, URI uri, Measurements measurements, long seed) {
    super(server, room, uri, measurements, seed);
    this.name = name;
  }

  @Override
  void receive(JsonObject m, long now) {
    switch (m.getString("a")) {
      case "init" -> send("{\"a\":\"hs\",\"protocol\":1,\"protocolMinor\":1,\"id\":null}");
      case "hs" -> {
        agent = m.getString("id");
        send("{\"a\":\"s\",\"c\":\"docs\",\"d\":\"" + room() + "\"}");
      }
      case "s" -> subscribed(m.getJsonObject("data"));
      case "f" -> {
        // a snapshot after a rollback; a catch-up fetch sends its ops as op messages instead
        if (m.get("data") instanceof JsonObject snapshot) {
          doc = snapshot.getString("data", "");
          version = snapshot.getJsonNumber("v").longValue();
        }
        fetching = false;
      }
      case "op" -> onOp(m, now);
      default -> {}
    }
    editIfEager();
  }

  private void subscribed(JsonObject data) {
    if (data.get("type") == JsonValue.NULL || !data.containsKey("type")) {
      version = data.getJsonNumber("v").longValue();
      createSeq = ++seq;
      creating = true;
      send(opMessage(createSeq, "\"create\":{\"type\":\"" + TEXT_TYPE + "\",\"data\":\"\"}"));
    } else {
      doc = data.getString("data");
      version = data.getJsonNumber("v").longValue();
      joined.complete(null);
    }
  }

  private void onOp(JsonObject m, long now) {
    if (m.containsKey("error")) {
      onRefused(m);
      return;
    }
    long v = m.getJsonNumber("v").longValue();
    if (m.containsKey("create")) {
      onCreated(m, v);
    } else if (!m.containsKey("op")) {
      onAcknowledged(m, v);
    } else if (version >= 0 && v > version) {
      fetch(",\"v\":" + version); // as ShareDB's client does when an op skips ahead
    } else if (v == version) {
      onOpAtVersion(m, v, now);
    }
    // otherwise our own op echoed after its acknowledgement, one already applied, or mid-fetch
  }

  private void onRefused(JsonObject m) {
    long failed = seq(m);
    if (failed != createSeq) { // losing the race to create the document is expected
      measurements.error("sharedb-" + m.getJsonObject("error").getString("code", "?"));
    }
    if (inflight != null && failed == inflightSeq) {
      // what ShareDB's own client does: a hard rollback, the pending edits are lost, and no op
      // applies until the fetched snapshot replaces the text that still holds them
      inflight = null;
      buffer = null;
      version = -1;
      fetch("");
    }
  }

  private void onCreated(JsonObject m, long v) {
    if (v == version && version == 0) {
      doc = m.getJsonObject("create").getString("data", "");
      version = 1;
      creating = false;
      joined.complete(null);
    }
  }

  /** An answer without an op: the creation of the document, or our own edit, by its seq. */
  private void onAcknowledged(JsonObject m, long v) {
    boolean mine = m.getString("src", "").equals(agent);
    long opSeq = seq(m);
    if (mine && opSeq == createSeq) {
      doc = "";
      version = v + 1;
      creating = false;
      joined.complete(null);
    } else if (mine && inflight != null && opSeq == inflightSeq && v == version) {
      acknowledged(v);
    }
  }

  private void onOpAtVersion(JsonObject m, long v, long now) {
    String src = m.getString("src", "");
    long opSeq = seq(m);
    if (src.equals(agent) && inflight != null && opSeq == inflightSeq) {
      acknowledged(v);
      return;
    }
    measurements.delivered(src, opSeq, server(), now);
    TextOperation op =
        fromTextUnicode(
            m.getJsonArray("op"), inflight != null ? inflight.baseLength() : doc.length());
    if (inflight != null) {
      TextOperation.Transformed t = TextOperation.transform(inflight, op);
      inflight = t.aPrime();
      op = t.bPrime();
      if (buffer != null) {
        TextOperation.Transformed u = TextOperation.transform(buffer, op);
        buffer = u.aPrime();
        op = u.bPrime();
      }
    }
    doc = op.apply(doc);
    version = v + 1;
  }

  private static long seq(JsonObject m) {
    return m.containsKey("seq") ? m.getJsonNumber("seq").longValue() : -1;
  }

  /**
   * One fetch at a time, as ShareDB's client debounces them: without a version the server answers
   * with a snapshot, with one it sends the ops since then.
   */
  private void fetch(String versionField) {
    if (!fetching) {
      fetching = true;
      send("{\"a\":\"f\",\"c\":\"docs\",\"d\":\"" + room() + "\"" + versionField + "}");
    }
  }

  private void acknowledged(long v) {
    measurements.acknowledged(agent, inflightSeq, System.nanoTime());
    version = v + 1;
    inflight = null;
    if (buffer != null) {
      inflight = buffer;
      buffer = null;
      sendInflight();
    }
  }

  @Override
  public synchronized void edit() {
    if (!isWriting() || version < 1 || agent == null) {
      return;
    }
    TextOperation op = RandomTyping.next(doc, random);
    doc = op.apply(doc);
    if (inflight == null) {
      inflight = op;
      sendInflight();
    } else {
      buffer = buffer == null ? op : buffer.compose(op);
    }
  }

  private void sendInflight() {
    inflightSeq = ++seq;
    measurements.sent(agent, inflightSeq, server());
    send(opMessage(inflightSeq, "\"op\":" + toTextUnicode(inflight)));
  }

  /** An op message of this user at its version, with {@code body} as its last field. */
  private String opMessage(long opSeq, String body) {
    return "{\"a\":\"op\",\"c\":\"docs\",\"d\":\""
        + room()
        + "\",\"v\":"
        + version
        + ",\"src\":\""
        + agent
        + "\",\"seq\":"
        + opSeq
        + ","
        + body
        + "}";
  }

  /** ot-text-unicode: a number skips, a string inserts, {"d": n} deletes; no trailing skip. */
  static String toTextUnicode(TextOperation op) {
    JsonArrayBuilder out = JsonSupport.PROVIDER.createArrayBuilder();
    java.util.List<Object> components = op.toJson();
    int last = components.size() - 1;
    while (last >= 0 && components.get(last) instanceof Integer n && n > 0) {
      last--;
    }
    for (int i = 0; i <= last; i++) {
      Object c = components.get(i);
      if (c instanceof String text) {
        out.add(text);
      } else if ((Integer) c > 0) {
        out.add((Integer) c);
      } else {
        out.add(JsonSupport.PROVIDER.createObjectBuilder().add("d", -(Integer) c));
      }
    }
    return out.build().toString();
  }

  /** The op on a document of {@code length} units; text-unicode leaves the trailing skip out. */
  static TextOperation fromTextUnicode(JsonArray components, int length) {
    TextOperation.Builder op = TextOperation.builder();
    int consumed = 0;
    for (JsonValue c : components) {
      if (c instanceof JsonNumber n) {
        op.retain(n.intValue());
        consumed += n.intValue();
      } else if (c instanceof JsonString s) {
        op.insert(s.getString());
      } else {
        JsonValue d = c.asJsonObject().get("d");
        int n =
            d instanceof JsonNumber count
                ? count.intValue()
                : ((JsonString) d).getString().length();
        op.delete(n);
        consumed += n;
      }
    }
    return op.retain(length - consumed).build();
  }

  @Override
  public synchronized boolean isSynchronized() {
    return inflight == null && buffer == null && !creating;
  }

  @Override
  public synchronized long version() {
    return version;
  }

  @Override
  public synchronized String document() {
    return doc;
  }

  @Override
  public String toString() {
    return name + "@" + server();
  }
}
