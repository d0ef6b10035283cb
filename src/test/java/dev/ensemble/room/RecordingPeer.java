package dev.ensemble.room;

import dev.ensemble.wire.ClientMessage;
import dev.ensemble.wire.ClientMessages;
import dev.ensemble.wire.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A peer that records what the room sends it. */
final class RecordingPeer implements Peer {

  private final String clientId;
  final List<JsonObject> received = new CopyOnWriteArrayList<>();
  volatile int closeCode;

  RecordingPeer(String clientId) {
    this.clientId = clientId;
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public void send(String message) {
    try (JsonReader reader = JsonSupport.PROVIDER.createReader(new StringReader(message))) {
      received.add(reader.readObject());
    }
  }

  @Override
  public void close(int code, String reason) {
    closeCode = code;
  }

  JsonObject await(String type, Predicate<JsonObject> matching) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                received.stream()
                    .filter(m -> m.getString("type").equals(type) && matching.test(m))
                    .findFirst()
                    .orElse(null),
            m -> m != null);
  }

  JsonObject await(String type) {
    return await(type, m -> true);
  }

  static ClientMessage op(long v, String op, String src, long seq) {
    return ClientMessages.decode(
        "{\"type\":\"op\",\"v\":"
            + v
            + ",\"op\":"
            + op
            + ",\"src\":\""
            + src
            + "\",\"seq\":"
            + seq
            + "}");
  }
}
