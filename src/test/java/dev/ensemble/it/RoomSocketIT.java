package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The wire protocol against the real server: join, op/ack/broadcast, presence, catch-up. */
@ExtendWith(ArquillianExtension.class)
class RoomSocketIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.app();
  }

  @ArquillianResource URL base;

  @Test
  void joiningGivesTheSnapshot() {
    String room = Urls.freshRoom("join");
    try (WsClient alice = WsClient.connect(Urls.room(base, room))) {
      JsonObject snapshot = alice.await("snapshot");

      assertThat(snapshot.getJsonNumber("v").longValue()).isZero();
      assertThat(snapshot.getString("content")).isEmpty();
      assertThat(snapshot.getString("language")).isEqualTo("plaintext");
      assertThat(snapshot.getString("clientId")).isNotBlank();
      assertThat(snapshot.getJsonArray("peers")).isEmpty();
    }
  }

  @Test
  void anOpIsAcknowledgedToItsAuthorAndBroadcastToTheOthers() {
    String room = Urls.freshRoom("op");
    try (WsClient alice = WsClient.connect(Urls.room(base, room));
        WsClient bob = WsClient.connect(Urls.room(base, room))) {
      alice.await("snapshot");
      bob.await("snapshot");

      alice.send("{\"type\":\"op\",\"v\":0,\"op\":[\"hello\"],\"seq\":1}");

      JsonObject ack = alice.await("ack");
      assertThat(ack.getJsonNumber("v").longValue()).isEqualTo(1);
      assertThat(ack.getJsonNumber("seq").longValue()).isEqualTo(1);
      JsonObject op = bob.await("op");
      assertThat(op.getJsonNumber("v").longValue()).isEqualTo(1);
      assertThat(op.getJsonArray("op").getString(0)).isEqualTo("hello");
      assertThat(op.getString("src")).isEqualTo(alice.src());
      assertThat(alice.received()).noneMatch(m -> m.contains("\"type\":\"op\""));

      bob.send("{\"type\":\"op\",\"v\":0,\"op\":[\" world\"],\"seq\":1}");
      assertThat(bob.await("ack").getJsonNumber("v").longValue()).isEqualTo(2);
      JsonObject transformed = alice.await("op", m -> m.getString("src").equals(bob.src()));
      assertThat(transformed.getJsonArray("op").toString()).isEqualTo("[5,\" world\"]");
    }
    try (WsClient carol = WsClient.connect(Urls.room(base, room))) {
      JsonObject snapshot = carol.await("snapshot");
      assertThat(snapshot.getString("content")).isEqualTo("hello world");
      assertThat(snapshot.getJsonNumber("v").longValue()).isEqualTo(2);
    }
  }

  @Test
  void presenceIsRelayedAndListedForNewcomers() {
    String room = Urls.freshRoom("presence");
    try (WsClient alice = WsClient.connect(Urls.room(base, room));
        WsClient bob = WsClient.connect(Urls.room(base, room))) {
      String aliceId = alice.await("snapshot").getString("clientId");
      bob.await("snapshot");

      alice.send(
          "{\"type\":\"presence\",\"clientId\":\"forged\",\"name\":\"Alice\",\"color\":\"#ff0000\","
              + "\"v\":0,\"selections\":[[0,0]]}");

      JsonObject seen = bob.await("presence");
      assertThat(seen.getString("clientId")).isEqualTo(aliceId);
      assertThat(seen.getString("name")).isEqualTo("Alice");
      assertThat(seen.getJsonArray("selections").toString()).isEqualTo("[[0,0]]");

      try (WsClient carol = WsClient.connect(Urls.room(base, room))) {
        JsonObject snapshot = carol.await("snapshot");
        assertThat(snapshot.getJsonArray("peers").getJsonObject(0).getString("name"))
            .isEqualTo("Alice");
      }

      alice.close();
      JsonObject left = bob.await("presence", m -> m.getBoolean("left", false));
      assertThat(left.getString("clientId")).isEqualTo(aliceId);
    }
  }

  @Test
  void presenceMovesWithLaterOps() {
    String room = Urls.freshRoom("cursor");
    try (WsClient alice = WsClient.connect(Urls.room(base, room));
        WsClient bob = WsClient.connect(Urls.room(base, room))) {
      alice.await("snapshot");
      bob.await("snapshot");
      alice.send("{\"type\":\"op\",\"v\":0,\"op\":[\"abc\"],\"seq\":1}");
      alice.await("ack");
      alice.send(
          "{\"type\":\"presence\",\"name\":\"Alice\",\"color\":\"#00ff00\",\"v\":1,\"selections\":[[3,3]]}");
      bob.await("presence");

      bob.send("{\"type\":\"op\",\"v\":1,\"op\":[\"xy\",3],\"seq\":1}");
      bob.await("ack");

      try (WsClient carol = WsClient.connect(Urls.room(base, room))) {
        JsonObject peer = carol.await("snapshot").getJsonArray("peers").getJsonObject(0);
        assertThat(peer.getJsonArray("selections").toString()).isEqualTo("[[5,5]]");
        assertThat(peer.getJsonNumber("v").longValue()).isEqualTo(2);
      }
    }
  }

  @Test
  void catchupSendsTheMissedOpsAndAResendIsAcknowledgedOnce() {
    String room = Urls.freshRoom("catchup");
    String key = WsClient.newKey();
    try (WsClient alice = WsClient.connect(Urls.room(base, room), key)) {
      alice.await("snapshot");
      alice.send("{\"type\":\"op\",\"v\":0,\"op\":[\"one \"],\"seq\":1}");
      alice.await("ack");
      alice.send("{\"type\":\"op\",\"v\":1,\"op\":[4,\"two\"],\"seq\":2}");
      alice.await("ack", m -> m.getJsonNumber("seq").longValue() == 2);
    }
    // alice lost the ack of seq 2 and reconnects at version 1, resending it
    try (WsClient alice = WsClient.connect(Urls.room(base, room), key)) {
      assertThat(alice.await("snapshot").getJsonNumber("v").longValue()).isEqualTo(2);
      alice.send("{\"type\":\"catchup\",\"v\":0}");
      alice.send("{\"type\":\"op\",\"v\":1,\"op\":[4,\"two\"],\"seq\":2}");

      JsonObject ack = alice.await("ack");
      assertThat(ack.getJsonNumber("v").longValue()).isEqualTo(2);
      assertThat(alice.await("op", m -> m.getJsonNumber("v").longValue() == 1).getString("src"))
          .isEqualTo(alice.src());
      JsonObject second = alice.await("op", m -> m.getJsonNumber("v").longValue() == 2);
      assertThat(second.getJsonNumber("seq").longValue()).isEqualTo(2);
    }
    try (WsClient check = WsClient.connect(Urls.room(base, room))) {
      JsonObject snapshot = check.await("snapshot");
      assertThat(snapshot.getString("content")).isEqualTo("one two");
      assertThat(snapshot.getJsonNumber("v").longValue()).isEqualTo(2);
    }
  }

  @Test
  void languageChangeReachesEveryone() {
    String room = Urls.freshRoom("lang");
    try (WsClient alice = WsClient.connect(Urls.room(base, room));
        WsClient bob = WsClient.connect(Urls.room(base, room))) {
      alice.await("snapshot");
      bob.await("snapshot");

      alice.send("{\"type\":\"language\",\"language\":\"java\"}");

      JsonObject change = bob.await("op", m -> m.containsKey("language"));
      assertThat(change.getString("language")).isEqualTo("java");
      assertThat(change.getJsonNumber("v").longValue()).isEqualTo(1);
      assertThat(alice.await("op", m -> m.containsKey("language")).getJsonNumber("v").longValue())
          .isEqualTo(1);
    }
    try (WsClient carol = WsClient.connect(Urls.room(base, room))) {
      assertThat(carol.await("snapshot").getString("language")).isEqualTo("java");
    }
  }
}
