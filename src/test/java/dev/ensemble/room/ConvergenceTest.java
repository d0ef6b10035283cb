package dev.ensemble.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.client.CollabClient;
import dev.ensemble.ot.RandomEdits;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.OperationStore;
import dev.ensemble.wire.ClientMessage;
import dev.ensemble.wire.ClientMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients edit one room concurrently through the real room managers and store, with messages held
 * back and delivered in random interleavings, connections dropped (losing what was in transit) and
 * clients reconnecting to any server and resending. At the end everyone must hold the same text as
 * the servers and the store, and the log must hold every acknowledged operation exactly once.
 */
class ConvergenceTest {

  private static final String ROOM = "convergence";

  static LongStream seeds() {
    return Soak.seeds(4);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void fiveClientsOnOneServerConverge(long seed) {
    run(seed, 1, 5, 1);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void fiveClientsOnOneServerConvergeWithBatchedCommits(long seed) {
    run(seed, 1, 5, 16);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void clientsSpreadOverThreeServersConverge(long seed) {
    run(seed, 3, 6, 8);
  }

  private void run(long seed, int serverCount, int clientCount, int batchLimit) {
    Random random = new Random(seed);
    try (SimulatedCluster cluster =
        new SimulatedCluster(serverCount, SimulatedCluster.settings().batchLimit(batchLimit))) {
      List<SimulatedClient> clients = new ArrayList<>();
      for (int i = 0; i < clientCount; i++) {
        SimulatedClient client = new SimulatedClient("src" + i, cluster);
        client.connect(cluster.servers.get(i % serverCount));
        clients.add(client);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> pumpAll(clients) && allHaveSnapshots(clients));

      for (int step = 0; step < Soak.steps(1500); step++) {
        SimulatedClient c = clients.get(random.nextInt(clients.size()));
        int action = random.nextInt(100);
        if (action < 30) {
          c.edit(random);
        } else if (action < 65) {
          c.awaitAndDeliverToClient(1 + random.nextInt(4));
        } else if (action < 97) {
          c.deliverToServer(1 + random.nextInt(2));
        } else if (action < 99) {
          c.disconnect();
        } else {
          c.reconnect(cluster.servers.get(random.nextInt(serverCount)));
        }
      }

      for (SimulatedClient c : clients) {
        c.reconnect(cluster.servers.get(random.nextInt(serverCount)));
      }
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> pumpAll(clients) && settled(clients, cluster));
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("did not settle: " + describe(clients, cluster), e);
      }

      assertConverged(clients, cluster);
    }
  }

  private static String describe(List<SimulatedClient> clients, SimulatedCluster cluster) {
    StringBuilder state = new StringBuilder();
    for (SimulatedClient c : clients) {
      state.append(String.format("%n  client %s at %d, ", c.client.src(), c.client.version()));
      state.append(c.client.isSynchronized() ? "synchronized" : "pending");
      state.append(", errors ").append(c.client.errors());
    }
    for (RoomManager s : cluster.servers) {
      state.append(String.format("%n  %s: %s", s.settings().serverId(), s.activeRoom(ROOM)));
    }
    return state.toString();
  }

  private static boolean allHaveSnapshots(List<SimulatedClient> clients) {
    return clients.stream().allMatch(c -> c.client.version() >= 0);
  }

  /** Delivers everything queued; true when nothing was left to deliver. */
  private static boolean pumpAll(List<SimulatedClient> clients) {
    boolean idle = true;
    for (SimulatedClient c : clients) {
      idle &= c.deliverToServer(Integer.MAX_VALUE) == 0;
      idle &= c.deliverToClient(Integer.MAX_VALUE) == 0;
    }
    return idle;
  }

  private static boolean settled(List<SimulatedClient> clients, SimulatedCluster cluster) {
    long head = headOf(cluster);
    return clients.stream().allMatch(c -> c.client.isSynchronized() && c.client.version() == head)
        && cluster.servers.stream()
            .allMatch(s -> s.activeRoom(ROOM).map(v -> v.v() == head).orElse(true));
  }

  private static long headOf(SimulatedCluster cluster) {
    return cluster.servers.stream()
        .flatMap(s -> s.activeRoom(ROOM).stream())
        .mapToLong(RoomView::v)
        .max()
        .orElse(-1);
  }

  private static void assertConverged(List<SimulatedClient> clients, SimulatedCluster cluster) {
    String text = clients.get(0).client.document();
    for (SimulatedClient c : clients) {
      assertThat(c.client.document()).as("text of %s", c.client.src()).isEqualTo(text);
      assertThat(c.client.errors()).as("errors of %s", c.client.src()).isEmpty();
    }
    for (RoomManager server : cluster.servers) {
      server.activeRoom(ROOM).ifPresent(v -> assertThat(v.content()).isEqualTo(text));
    }

    OperationStore store = cluster.store.store();
    long head = headOf(cluster);
    List<CommittedOp> log = store.findOps(ROOM, 0, head);
    assertThat(log)
        .extracting(CommittedOp::v)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, head).boxed().toList());
    String replayed = "";
    for (CommittedOp op : log) {
      replayed = op.op().apply(replayed);
    }
    assertThat(replayed).isEqualTo(text);
    DocumentSnapshot snapshot = store.findDocument(ROOM).orElseThrow();
    String fromSnapshot = snapshot.content();
    for (CommittedOp op : store.findOpsAfter(ROOM, snapshot.v(), Integer.MAX_VALUE)) {
      fromSnapshot = op.op().apply(fromSnapshot);
    }
    assertThat(fromSnapshot).isEqualTo(text);

    Set<String> logged = new HashSet<>();
    for (CommittedOp op : log) {
      assertThat(logged.add(op.src() + "/" + op.seq()))
          .as("%s/%s once", op.src(), op.seq())
          .isTrue();
    }
    Set<String> acknowledged = new HashSet<>();
    for (SimulatedClient c : clients) {
      c.client.acknowledgedSeqs().forEach(seq -> acknowledged.add(c.client.src() + "/" + seq));
    }
    assertThat(logged).isEqualTo(acknowledged);
  }

  /** A client with its connection, driven one step at a time by the test. */
  private static final class SimulatedClient {
    final CollabClient client;
    SimulatedConnection connection;

    SimulatedClient(String src, SimulatedCluster cluster) {
      this.client = new CollabClient(src);
    }

    void connect(RoomManager server) {
      SimulatedConnection c = new SimulatedConnection(server, client.src());
      connection = c;
      client.connected(c.toServer::add);
      server.join(ROOM, c);
    }

    void edit(Random random) {
      if (client.version() >= 0) {
        client.edit(RandomEdits.operation(client.document(), random));
      }
    }

    int deliverToServer(int max) {
      if (connection == null) {
        return 0;
      }
      int n = 0;
      String message;
      while (n < max && (message = connection.toServer.poll()) != null) {
        ClientMessage decoded = ClientMessages.decode(message);
        if (decoded instanceof ClientMessage.Submit submit) {
          // the endpoint submits under the source it bound to the session
          decoded = submit.withSource(connection.src());
        }
        connection.server.handle(ROOM, connection, decoded);
        n++;
      }
      return n;
    }

    /** Waits briefly for the server's next message, as a client on a real network would. */
    void awaitAndDeliverToClient(int max) {
      if (connection == null) {
        return;
      }
      try {
        String first = connection.toClient.poll(5, TimeUnit.MILLISECONDS);
        if (first != null) {
          client.onMessage(first);
          deliverToClient(max - 1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    int deliverToClient(int max) {
      if (connection == null) {
        return 0;
      }
      int n = 0;
      String message;
      while (n < max && (message = connection.toClient.poll()) != null) {
        client.onMessage(message);
        n++;
      }
      if (connection.isClosed() && connection.toClient.isEmpty()) {
        disconnect();
      }
      return n;
    }

    void disconnect() {
      if (connection != null) {
        connection.server.leave(ROOM, connection);
        connection.close(Disconnect.STALLED);
        connection = null;
        client.disconnected();
      }
    }

    void reconnect(RoomManager server) {
      disconnect();
      connect(server);
    }
  }
}
