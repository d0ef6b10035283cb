package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.ot.TextOperation;
import dev.ensemble.testing.Http;
import dev.ensemble.testing.Urls;
import dev.ensemble.wire.TextOperationJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A room as the server's REST API reports it: its document and its whole operation log. */
final class StoredRoom {

  record LoggedOp(long v, TextOperation op, String src, long seq) {}

  final String content;
  final long v;
  final List<LoggedOp> log = new ArrayList<>();

  private StoredRoom(String content, long v) {
    this.content = content;
    this.v = v;
  }

  static StoredRoom read(URL base, String room) {
    return read(base, room, null);
  }

  /** The room as read with {@code key} (a share link's secret or the owner key), or none. */
  static StoredRoom read(URL base, String room, String key) {
    Http.Response current = Http.call("GET", Urls.api(base, "rooms/" + room), key, null);
    assertThat(current.status()).as(current.body()).isEqualTo(200);
    JsonObject doc = current.json().asJsonObject();
    StoredRoom stored =
        new StoredRoom(doc.getString("content"), doc.getJsonNumber("v").longValue());
    for (long from = 0; from < stored.v; from += 10_000) {
      long to = Math.min(stored.v, from + 10_000);
      Http.Response page =
          Http.call(
              "GET",
              Urls.api(base, "rooms/" + room + "/ops?from=" + from + "&to=" + to),
              key,
              null);
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      for (JsonValue value : page.json().asJsonArray()) {
        JsonObject op = value.asJsonObject();
        stored.log.add(
            new LoggedOp(
                op.getJsonNumber("v").longValue(),
                TextOperationJson.fromJson(op.getJsonArray("op")),
                op.getString("src"),
                op.getJsonNumber("seq").longValue()));
      }
    }
    return stored;
  }

  /** Versions 1..v without gaps, no submission twice, and the log replays to the document. */
  StoredRoom assertConsistent() {
    for (int i = 0; i < log.size(); i++) {
      assertThat(log.get(i).v()).as("version at position %d", i).isEqualTo(i + 1);
    }
    assertThat(log).hasSize((int) v);
    Set<String> seen = new HashSet<>();
    for (LoggedOp op : log) {
      assertThat(seen.add(key(op.src(), op.seq())))
          .as("%s/%s logged once", op.src(), op.seq())
          .isTrue();
    }
    String replayed = "";
    for (LoggedOp op : log) {
      replayed = op.op().apply(replayed);
    }
    assertThat(replayed).isEqualTo(content);
    return this;
  }

  Set<String> submissions() {
    Set<String> keys = new HashSet<>();
    log.forEach(op -> keys.add(key(op.src(), op.seq())));
    return keys;
  }

  static String key(String src, long seq) {
    return src + "/" + seq;
  }
}
