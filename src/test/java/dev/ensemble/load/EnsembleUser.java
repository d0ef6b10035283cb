package dev.ensemble.load;

import dev.ensemble.client.CollabClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;

/**
 * A user of Ensemble: the real client protocol (one op in flight, the rest buffered, incoming ops
 * transformed, catch-up and resend after a reconnect), timing its own acknowledgements and the
 * delivery of other users' ops.
 */
final class EnsembleUser extends SocketUser {

  private final CollabClient state;
  private final String src;

  EnsembleUser(String src, int server, String room, URI uri, Measurements measurements, long seed) {
    super(server, room, uri, measurements, seed);
    this.state = new CollabClient(src);
    this.src = state.src();
  }

  /** The client says hello as soon as the connection is open. */
  @Override
  void opened() {
    state.connected(this::sendOp);
  }

  @Override
  void disconnected() {
    state.disconnected();
    reconnectSoon();
  }

  private void sendOp(String message) {
    if (message.startsWith("{\"type\":\"op\"")) {
      try (JsonReader reader = Json.createReader(new StringReader(message))) {
        measurements.sent(src, reader.readObject().getJsonNumber("seq").longValue(), server());
      }
    }
    send(message);
  }

  @Override
  void receive(JsonObject message, long now) {
    String type = message.getString("type");
    if (type.equals("ack")) {
      measurements.acknowledged(src, message.getJsonNumber("seq").longValue(), now);
    } else if (type.equals("op") && !message.getString("src").equals(src)) {
      measurements.delivered(
          message.getString("src"), message.getJsonNumber("seq").longValue(), server(), now);
    } else if (type.equals("error")) {
      measurements.error(message.getString("code"));
    }
    state.onMessage(message);
    if (type.equals("snapshot")) {
      joined.complete(null);
    }
    editIfEager();
  }

  @Override
  public synchronized void edit() {
    if (isWriting() && state.version() >= 0) {
      state.edit(RandomTyping.next(state.document(), random));
    }
  }

  @Override
  public synchronized boolean isSynchronized() {
    return state.isSynchronized();
  }

  @Override
  public synchronized long version() {
    return state.version();
  }

  @Override
  public synchronized String document() {
    return state.document();
  }
}
