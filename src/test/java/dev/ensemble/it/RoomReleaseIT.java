package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerHeap;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A visit leaves nothing behind: once its room's idle grace has passed and the room unloaded, the
 * server's heap holds no room and none of its operations. A server of its own with a grace of one
 * second, its heap read with jcmd.
 */
class RoomReleaseIT {

  private static final int VISITS = 30;
  private static ServerProcess server;

  @BeforeAll
  static void start() {
    server = ServerProcess.create("release", Map.of("ENSEMBLE_ROOM_IDLE_SECONDS", "1")).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void roomsThatUnloadedAreNoLongerReachable() throws Exception {
    String prefix = Urls.freshRoom("visit");
    for (int i = 0; i < VISITS; i++) {
      try (WsClient visitor = WsClient.connect(Urls.room(server.url(), prefix + "-" + i))) {
        visitor.await("snapshot");
        visitor.send("{\"type\":\"op\",\"seq\":1,\"v\":0,\"op\":[\"hello\"]}");
        visitor.await("ack");
      }
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> activeRooms() == 0);

    // each count forces a full GC; what a finished task still references goes with the next one
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> ServerHeap.liveInstances(server.pid(), "dev.ensemble.room.Room") == 0);
    assertThat(ServerHeap.liveInstances(server.pid(), "dev.ensemble.store.CommittedOp")).isZero();
  }

  private static long activeRooms() {
    return Http.get(Urls.health(server.url(), "live"))
        .json()
        .asJsonObject()
        .getJsonArray("checks")
        .getJsonObject(0)
        .getJsonObject("data")
        .getJsonNumber("rooms")
        .longValue();
  }
}
