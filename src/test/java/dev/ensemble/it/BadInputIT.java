package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each kind of bad input gets an error with its own code, and afterwards the same session and the
 * other client of the room go on editing as if nothing happened.
 */
@ExtendWith(ArquillianExtension.class)
class BadInputIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.app();
  }

  @ArquillianResource URL base;

  private String room;
  private WsClient mallory;
  private WsClient bob;
  private long seq;

  @BeforeEach
  void join() {
    room = Urls.freshRoom("bad");
    mallory = WsClient.connect(Urls.room(base, room));
    bob = WsClient.connect(Urls.room(base, room));
    mallory.await("snapshot");
    bob.await("snapshot");
    mallory.send("{\"type\":\"op\",\"v\":0,\"op\":[\"abc\"],\"seq\":0}");
    mallory.await("ack");
  }

  @AfterEach
  void leave() {
    mallory.close();
    bob.close();
  }

  private JsonObject errorAfter(String message) {
    int before = errorCount();
    mallory.send(message);
    return mallory.await("error", e -> errorCount() > before && isNew(e, before));
  }

  private int errorCount() {
    return (int) mallory.received().stream().filter(m -> m.contains("\"type\":\"error\"")).count();
  }

  private boolean isNew(JsonObject error, int before) {
    return mallory.received().stream()
        .filter(m -> m.contains("\"type\":\"error\""))
        .skip(before)
        .map(WsClient::parse)
        .findFirst()
        .orElseThrow()
        .equals(error);
  }

  /** The session still commits, and the other client still receives. */
  private void assertEveryoneCarriesOn() {
    long next = ++seq;
    // bob saw every committed op: "abc" first, then one "!" per earlier check
    long version = bob.received().stream().filter(m -> m.contains("\"type\":\"op\"")).count();
    long length = 3 + version - 1;
    mallory.send(
        "{\"type\":\"op\",\"v\":"
            + version
            + ",\"op\":[\"!\","
            + length
            + "],\"seq\":"
            + next
            + "}");
    mallory.await("ack", a -> a.getJsonNumber("seq").longValue() == next);
    bob.await("op", o -> o.getJsonNumber("seq").longValue() == next);
    assertThat(mallory.isClosed()).isFalse();
  }

  @Test
  void malformedJson() {
    JsonObject error = errorAfter("{\"type\":\"op\",");
    assertThat(error.getString("code")).isEqualTo("bad-json");
    assertThat(error.getBoolean("retryable")).isFalse();
    assertThat(errorAfter("[1,2]").getString("code")).isEqualTo("bad-json");
    assertEveryoneCarriesOn();
  }

  @Test
  void unknownMessageType() {
    JsonObject error = errorAfter("{\"type\":\"teleport\"}");
    assertThat(error.getString("code")).isEqualTo("unknown-type");
    assertThat(error.getString("message")).contains("teleport");
    assertThat(errorAfter("{\"v\":1}").getString("code")).isEqualTo("bad-message");
    assertEveryoneCarriesOn();
  }

  @Test
  void opWithTheWrongBaseLength() {
    JsonObject error = errorAfter("{\"type\":\"op\",\"v\":1,\"op\":[10,\"x\"],\"seq\":50}");
    assertThat(error.getString("code")).isEqualTo("bad-op");
    assertThat(error.getJsonNumber("seq").longValue()).isEqualTo(50);
    assertThat(errorAfter("{\"type\":\"op\",\"v\":1,\"op\":[3,0],\"seq\":51}").getString("code"))
        .isEqualTo("bad-op");
    assertThat(errorAfter("{\"type\":\"op\",\"v\":1,\"op\":\"abc\",\"seq\":52}").getString("code"))
        .isEqualTo("bad-op");
    assertEveryoneCarriesOn();
  }

  @Test
  void versionFromTheFuture() {
    JsonObject error = errorAfter("{\"type\":\"op\",\"v\":99,\"op\":[3,\"x\"],\"seq\":60}");
    assertThat(error.getString("code")).isEqualTo("future-version");
    assertThat(errorAfter("{\"type\":\"catchup\",\"v\":99}").getString("code"))
        .isEqualTo("future-version");
    assertThat(
            errorAfter("{\"type\":\"op\",\"v\":-1,\"op\":[3,\"x\"],\"seq\":61}").getString("code"))
        .isEqualTo("bad-message");
    assertEveryoneCarriesOn();
  }

  @Test
  void oversizedFrame() {
    String huge = "x".repeat(1_100_000);
    JsonObject error =
        errorAfter("{\"type\":\"op\",\"seq\":70,\"v\":1,\"op\":[3,\"" + huge + "\"]}");
    assertThat(error.getString("code")).isEqualTo("frame-too-large");
    assertThat(error.getJsonNumber("seq").longValue()).isEqualTo(70);
    assertThat(error.getBoolean("retryable")).isFalse();
    assertEveryoneCarriesOn();
  }

  @Test
  void badPresence() {
    assertThat(errorAfter("{\"type\":\"presence\",\"v\":1,\"color\":\"red\"}").getString("code"))
        .isEqualTo("bad-message");
    assertThat(errorAfter("{\"type\":\"presence\",\"v\":1,\"selections\":[[1]]}").getString("code"))
        .isEqualTo("bad-message");
    assertThat(
            errorAfter("{\"type\":\"language\",\"language\":\"Not A Language!\"}")
                .getString("code"))
        .isEqualTo("bad-language");
    assertEveryoneCarriesOn();
  }

  @Test
  void invalidRoomId() {
    try (WsClient lost = WsClient.connectSilently(Urls.room(base, "-not-valid"))) {
      assertThat(lost.await("error").getString("code")).isEqualTo("bad-room-id");
      assertThat(lost.awaitClose()).isEqualTo(1008);
    }
    try (WsClient lost = WsClient.connectSilently(Urls.room(base, "x".repeat(65)))) {
      assertThat(lost.await("error").getString("code")).isEqualTo("bad-room-id");
    }
    assertEveryoneCarriesOn();
  }
}
