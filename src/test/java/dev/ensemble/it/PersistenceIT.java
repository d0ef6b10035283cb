package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Whole servers in their own processes, on the embedded store: what was acknowledged survives a
 * graceful restart and a {@code kill -9} in the middle of a stream of edits.
 */
class PersistenceIT {

  @Test
  void gracefulRestartKeepsEverythingAndClosesSessionsWith1012() {
    String room = Urls.freshRoom("graceful");
    try (ServerProcess server = ServerProcess.create("graceful", Map.of()).start();
        LiveClient client = new LiveClient("graceful")) {
      client.connect(Urls.room(server.url(), room));
      Random random = new Random(7);
      await().until(() -> client.version() >= 0);
      for (int i = 0; i < 300; i++) {
        client.edit(random);
        LockSupport.parkNanos(random.nextInt(1_000_000));
      }
      await().atMost(Duration.ofSeconds(30)).until(client::isSynchronized);
      String typed = client.document();
      long version = client.version();

      assertThat(server.terminate()).isZero();
      assertThat(client.serverClosed()).isTrue();
      assertThat(client.closeCodeSeen()).isEqualTo(1012);

      server.start();
      StoredRoom stored = StoredRoom.read(server.url(), room).assertConsistent();
      assertThat(stored.content).isEqualTo(typed);
      assertThat(stored.v).isEqualTo(version);
      assertThat(stored.submissions()).isEqualTo(acknowledged(client));
    }
  }

  @Test
  void killMinusNineLosesNothingAcknowledged() {
    String room = Urls.freshRoom("kill");
    try (ServerProcess server = ServerProcess.create("kill", Map.of()).start();
        LiveClient client = new LiveClient("kill")) {
      client.connect(Urls.room(server.url(), room));
      Random random = new Random(9);
      await().until(() -> client.version() >= 0);
      while (client.acknowledgedSeqs().size() < 400) {
        client.edit(random);
        LockSupport.parkNanos(random.nextInt(300_000));
      }

      server.kill();
      Set<String> acknowledged = acknowledged(client);

      server.start();
      StoredRoom stored = StoredRoom.read(server.url(), room).assertConsistent();
      assertThat(stored.submissions()).containsAll(acknowledged);
    }
  }

  private static Set<String> acknowledged(LiveClient client) {
    Set<String> keys = new HashSet<>();
    client.acknowledgedSeqs().forEach(seq -> keys.add(StoredRoom.key(client.src(), seq)));
    return keys;
  }
}
