package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Five clients edit one room over real WebSockets at random moments, drop their connections at
 * random and reconnect and resend. In the end every client, the server's document and the stored
 * log agree, and the log holds every acknowledged operation exactly once. Fixed seeds; {@code
 * -Dsoak.seeds=N -Dsoak.steps=M} runs more.
 */
@ExtendWith(ArquillianExtension.class)
class WebSocketConvergenceIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.app();
  }

  @ArquillianResource URL base;

  @Test
  void fiveClientsWithDropsAndResendsConverge() {
    LongStream.rangeClosed(1, Long.getLong("soak.seeds", 2)).forEach(this::run);
  }

  private void run(long seed) {
    Random random = new Random(seed);
    String room = Urls.freshRoom("converge-" + seed);
    List<LiveClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        LiveClient client = new LiveClient("s" + seed + "c" + i);
        client.connect(Urls.room(base, room));
        clients.add(client);
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> clients.stream().allMatch(c -> c.version() >= 0));

      for (int step = 0; step < Integer.getInteger("soak.steps", 600); step++) {
        LiveClient c = clients.get(random.nextInt(clients.size()));
        int action = random.nextInt(100);
        if (action < 3) {
          c.drop();
        } else if (action < 8 && !c.isConnected()) {
          c.connect(Urls.room(base, room));
        } else {
          c.edit(random);
        }
        // a user's think time between keystrokes, part of the workload
        LockSupport.parkNanos(random.nextInt(2_000_000));
      }

      for (LiveClient c : clients) {
        if (!c.isConnected()) {
          c.connect(Urls.room(base, room));
        }
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                long head = clients.get(0).version();
                return clients.stream().allMatch(c -> c.isSynchronized() && c.version() == head);
              });

      StoredRoom stored = StoredRoom.read(base, room).assertConsistent();
      Set<String> acknowledged = new HashSet<>();
      for (LiveClient c : clients) {
        assertThat(c.document()).isEqualTo(stored.content);
        assertThat(c.version()).isEqualTo(stored.v);
        assertThat(c.errors()).isEmpty();
        c.acknowledgedSeqs().forEach(seq -> acknowledged.add(StoredRoom.key(c.src(), seq)));
      }
      assertThat(stored.submissions()).isEqualTo(acknowledged);
      assertThat(stored.v).isGreaterThan(20);
    } finally {
      clients.forEach(LiveClient::close);
    }
  }
}
