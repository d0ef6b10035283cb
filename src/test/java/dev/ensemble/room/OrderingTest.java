package dev.ensemble.room;

import static dev.ensemble.room.TestServers.join;
import static dev.ensemble.room.TestServers.typeA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.bus.BusListener;
import dev.ensemble.bus.LocalOperationBus;
import dev.ensemble.bus.OperationBus;
import dev.ensemble.store.MemoryStore;
import dev.ensemble.wire.ClientMessages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every server applies a room's changes in one order, metadata included, and a room that opens
 * misses nothing committed while it opened.
 */
class OrderingTest {

  private MemoryStore memory;
  private TestServers servers;
  private final LocalOperationBus.Hub hub = new LocalOperationBus.Hub();

  @BeforeEach
  void open() {
    memory = new MemoryStore();
    servers = new TestServers();
  }

  @AfterEach
  void close() {
    servers.close();
    memory.close();
  }

  private RoomManager server(String id, OperationBus bus) {
    return servers.start(memory.store(), bus, SimulatedCluster.settings(id));
  }

  /** A bus whose subscriptions take effect only when the test says so. */
  private static final class SlowSubscriptions implements OperationBus {
    final LocalOperationBus bus;
    final CompletableFuture<Void> confirmed = new CompletableFuture<>();

    SlowSubscriptions(LocalOperationBus bus) {
      this.bus = bus;
    }

    @Override
    public void listen(BusListener listener) {
      bus.listen(listener);
    }

    @Override
    public CompletionStage<Void> subscribe(String room) {
      return confirmed.thenCompose(nothing -> bus.subscribe(room));
    }

    @Override
    public void unsubscribe(String room) {
      bus.unsubscribe(room);
    }

    @Override
    public void publish(String room, String message) {
      bus.publish(room, message);
    }

    @Override
    public boolean isConnected() {
      return bus.isConnected();
    }

    @Override
    public void close() {
      bus.close();
    }
  }

  @Test
  void aRoomOpensOnlyOnceItsSubscriptionIsConfirmed() {
    RoomManager other = server("other", new LocalOperationBus(hub));
    RecordingPeer bob = join(other, "window", "bob");
    SlowSubscriptions slow = new SlowSubscriptions(new LocalOperationBus(hub));
    RoomManager opening = server("opening", slow);
    RecordingPeer alice = new RecordingPeer("alice");
    opening.join("window", alice);

    // committed while the opening server's subscription is not active yet
    typeA(other, "window", bob, 0, 1);
    bob.await("ack");
    slow.confirmed.complete(null);

    assertThat(alice.await("snapshot").getString("content")).isEqualTo("a");
    typeA(other, "window", bob, 1, 2);
    assertThat(alice.await("op").getInt("v")).isEqualTo(2);
  }

  @Test
  void concurrentLanguageChangesOnTwoServersEndTheSameEverywhere() throws Exception {
    RoomManager one = server("one", new LocalOperationBus(hub));
    RoomManager two = server("two", new LocalOperationBus(hub));
    for (int round = 0; round < 10; round++) {
      String room = "languages-" + round;
      RecordingPeer alice = join(one, room, "alice");
      RecordingPeer bob = join(two, room, "bob");
      CountDownLatch go = new CountDownLatch(1);
      Thread first = changeOnGo(one, room, alice, "go", go);
      Thread second = changeOnGo(two, room, bob, "java", go);
      go.countDown();
      first.join();
      second.join();

      await().until(() -> alice.count("op") == 2 && bob.count("op") == 2);
      String last = lastLanguage(alice);
      assertThat(lastLanguage(bob)).isEqualTo(last);
      await()
          .until(
              () ->
                  last.equals(one.activeRoom(room).orElseThrow().language())
                      && last.equals(two.activeRoom(room).orElseThrow().language()));
    }
  }

  private static Thread changeOnGo(
      RoomManager server, String room, RecordingPeer peer, String language, CountDownLatch go) {
    Thread t =
        new Thread(
            () -> {
              try {
                go.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              server.handle(
                  room,
                  peer,
                  ClientMessages.decode(
                      "{\"type\":\"language\",\"language\":\"" + language + "\"}"));
            });
    t.start();
    return t;
  }

  private static String lastLanguage(RecordingPeer peer) {
    return peer.received.stream()
        .filter(m -> m.getString("type").equals("op") && m.containsKey("language"))
        .reduce((a, b) -> b.getInt("v") > a.getInt("v") ? b : a)
        .orElseThrow()
        .getString("language");
  }
}
