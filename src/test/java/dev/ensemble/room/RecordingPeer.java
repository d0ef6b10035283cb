package dev.ensemble.room;

import dev.ensemble.wire.ClientMessage;
import dev.ensemble.wire.ClientMessages;
import dev.ensemble.wire.JsonSupport;
import dev.ensemble.ws.MessageEncoder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A peer that records what the room sends it, as the client would read it. */
final class RecordingPeer implements Peer {

  private final String clientId;
  final List<JsonObject> received = new CopyOnWriteArrayList<>();
  volatile Disconnect closed;

  /** A peer whose source is its client id. */
  RecordingPeer(String clientId) {
    this.clientId = clientId;
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public String src() {
    return clientId;
  }

  @Override
  public void send(ServerMessage message) {
    try (JsonReader reader =
        JsonSupport.PROVIDER.createReader(new StringReader(MessageEncoder.encode(message)))) {
      received.add(reader.readObject());
    }
  }

  @Override
  public void close(Disconnect reason) {
    closed = reason;
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

  long count(String type) {
    return received.stream().filter(m -> m.getString("type").equals(type)).count();
  }

  /** An edit of {@code src} based on version {@code v}. */
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
