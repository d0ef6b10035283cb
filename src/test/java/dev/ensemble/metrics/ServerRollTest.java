package dev.ensemble.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.ensemble.testing.QuietLogs;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The latest figures of every server, through the real driver. */
class ServerRollTest {

  private static final List<Logger> QUIET = QuietLogs.ofTheStore();
  private MongoServer server;
  private MongoClient client;
  private ServerRoll roll;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    client = MongoClients.create(server.bindAndGetConnectionString());
    roll = new ServerRoll(client.getDatabase("ensemble"));
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  private static ServerFigures figures(String server, long at, long ops) {
    return new ServerFigures(server, at, 3, 2, ops, ops / 2, ops * 0.001);
  }

  @Test
  void aServersLatestReportReplacesItsEarlierOne() {
    roll.report(figures("two", 1_000, 10));
    roll.report(figures("one", 1_000, 10));
    roll.report(figures("one", 3_000, 50));

    assertThat(roll.since(0)).containsExactly(figures("one", 3_000, 50), figures("two", 1_000, 10));
  }

  @Test
  void onlyServersThatReportedLatelyAreListed() {
    roll.report(figures("stopped", 1_000, 10));
    roll.report(figures("running", 5_000, 10));

    assertThat(roll.since(2_000)).extracting(ServerFigures::server).containsExactly("running");
    assertThat(roll.since(1_000)).hasSize(2);
  }

  @Test
  void serversSilentForLongAreForgotten() {
    roll.report(figures("stopped", 1_000, 10));
    roll.report(figures("running", 5_000, 10));

    roll.forgetBefore(2_000);

    assertThat(roll.since(0)).extracting(ServerFigures::server).containsExactly("running");
  }
}
