package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.testing.Urls;
import java.net.URL;
import java.util.List;
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
    try (Workload workload =
        new Workload(Urls.freshRoom("converge-" + seed), () -> List.of(base), 5, seed)) {
      for (int step = 0; step < Integer.getInteger("soak.steps", 600); step++) {
        workload.step(3);
        // a user's think time between keystrokes, part of the workload
        LockSupport.parkNanos(1_000_000);
      }
      workload.settle();
      assertThat(workload.assertConverged().v).isGreaterThan(20);
      workload.assertPresenceReachesEveryone();
    }
  }
}
