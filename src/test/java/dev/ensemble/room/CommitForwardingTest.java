package dev.ensemble.room;

import static dev.ensemble.room.TestServers.join;
import static dev.ensemble.room.TestServers.typeA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.bus.BusListener;
import dev.ensemble.bus.LocalOperationBus;
import dev.ensemble.bus.OperationBus;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.MemoryStore;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Servers spread over one room leave its commits to one of them instead of racing for versions. */
class CommitForwardingTest {

  private MemoryStore store;
  private final TestServers servers = new TestServers();
  private final LocalOperationBus.Hub hub = new LocalOperationBus.Hub();

  /** A bus that keeps the types of the messages its server published. */
  private static final class RecordingBus implements OperationBus {
    final LocalOperationBus bus;
    final List<String> published = new CopyOnWriteArrayList<>();
    private final List<String[]> heldForwards = new ArrayList<>();
    private BusListener listener;
    private boolean holdForwards;

    RecordingBus(LocalOperationBus bus) {
      this.bus = bus;
    }

    @Override
    public void listen(BusListener listener) {
      this.listener = listener;
      bus.listen(
          new BusListener() {
            @Override
            public void onMessage(String room, String message) {
              synchronized (heldForwards) {
                if (holdForwards && message.startsWith("{\"type\":\"forward\"")) {
                  heldForwards.add(new String[] {room, message});
                  return;
                }
              }
              listener.onMessage(room, message);
            }

            @Override
            public void onGap() {
              listener.onGap();
            }

            @Override
            public void onGap(String room) {
              listener.onGap(room);
            }
          });
    }

    /** Keeps the edits other servers forward to this one, as a server too busy to get to them. */
    void holdForwards() {
      synchronized (heldForwards) {
        holdForwards = true;
      }
    }

    /** Hands the held edits on, in the order they came. */
    void releaseForwards() {
      List<String[]> held;
      synchronized (heldForwards) {
        holdForwards = false;
        held = new ArrayList<>(heldForwards);
        heldForwards.clear();
      }
      held.forEach(m -> listener.onMessage(m[0], m[1]));
    }

    @Override
    public CompletionStage<Void> subscribe(String room) {
      return bus.subscribe(room);
    }

    @Override
    public void unsubscribe(String room) {
      bus.unsubscribe(room);
    }

    @Override
    public void publish(String room, String message) {
      published.add(message.substring(0, message.indexOf(',')));
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

    long count(String type) {
      return published.stream().filter(m -> m.equals("{\"type\":\"" + type + "\"")).count();
    }
  }

  @BeforeEach
  void openStore() {
    store = new MemoryStore();
  }

  @AfterEach
  void close() {
    servers.close();
    store.close();
  }

  private RecordingBus bus() {
    return new RecordingBus(new LocalOperationBus(hub));
  }

  private RoomManager server(String id, OperationBus bus) {
    RoomSettings settings =
        SimulatedCluster.settings().serverId(id).forwardTimeout(Duration.ofMillis(300)).build();
    return servers.start(store.store(), bus, settings);
  }

  /**
   * Two servers on one room, alice on the first and bob on the second; alice's first edit makes the
   * first server the one committing for the room, as bob's server has seen.
   */
  private record Spread(
      RecordingBus busOne,
      RecordingBus busTwo,
      RoomManager one,
      RoomManager two,
      RecordingPeer alice,
      RecordingPeer bob) {}

  private Spread spread(String room) {
    RecordingBus busOne = bus();
    RecordingBus busTwo = bus();
    RoomManager one = server("one", busOne);
    RoomManager two = server("two", busTwo);
    RecordingPeer alice = join(one, room, "alice");
    RecordingPeer bob = join(two, room, "bob");
    typeA(one, room, alice, 0, 1);
    alice.await("ack");
    bob.await("op");
    return new Spread(busOne, busTwo, one, two, alice, bob);
  }

  private static long version(JsonObject message) {
    return message.getJsonNumber("v").longValue();
  }

  @Test
  void theEditsOfAServerThatSeesAnotherCommittingAreCommittedThere() {
    Spread s = spread("spread");
    RoomManager one = s.one();
    RoomManager two = s.two();
    RecordingPeer alice = s.alice();
    RecordingPeer bob = s.bob();
    for (int seq = 1; seq <= 5; seq++) {
      typeA(two, "spread", bob, seq, seq);
      long expected = seq;
      JsonObject ack = bob.await("ack", a -> a.getJsonNumber("seq").longValue() == expected);
      assertThat(version(ack)).isEqualTo(seq + 1);
    }

    assertThat(s.busTwo().count("forward")).isEqualTo(5);
    assertThat(two.metrics().commits()).isZero();
    assertThat(one.metrics().commits()).isEqualTo(6);
    assertThat(one.metrics().versionConflicts() + two.metrics().versionConflicts()).isZero();
    assertThat(bob.count("op")).as("bob hears of his own edits as acknowledgements").isEqualTo(1);
    alice.await("op", op -> version(op) == 6);
    assertThat(store.store().findOps("spread", 0, 6))
        .extracting(CommittedOp::src)
        .containsExactly("alice", "bob", "bob", "bob", "bob", "bob");
  }

  @Test
  void anEditTheCommittingServerDoesNotAnswerIsCommittedHereAfterTheTimeout() {
    Spread s = spread("away");
    RoomManager two = s.two();
    RecordingPeer bob = s.bob();

    s.busOne().close(); // server one is gone for server two, as if killed
    typeA(two, "away", bob, 1, 1);

    assertThat(version(bob.await("ack"))).isEqualTo(2);
    assertThat(s.busTwo().count("forward")).isEqualTo(1);
    assertThat(two.metrics().commits()).isEqualTo(1);
    assertThat(store.store().findOps("away", 0, 2))
        .extracting(CommittedOp::src)
        .containsExactly("alice", "bob");
  }

  @Test
  void anEditWaitsPastTheTimeoutWhileTheCommittingServerKeepsCommittingForTheRoom()
      throws InterruptedException {
    Spread s = spread("busy");
    RoomManager one = s.one();
    RoomManager two = s.two();
    RecordingPeer alice = s.alice();
    RecordingPeer bob = s.bob();
    s.busOne().holdForwards();
    typeA(two, "busy", bob, 1, 1);

    // alice's edits go on being committed on server one, a commit every third of the timeout, for
    // three timeouts, while bob's edit waits there
    int rounds = 9;
    CountDownLatch committed = new CountDownLatch(rounds);
    AtomicInteger round = new AtomicInteger();
    ScheduledExecutorService alicesPace = Executors.newSingleThreadScheduledExecutor();
    try {
      alicesPace.scheduleAtFixedRate(
          () -> {
            int i = round.incrementAndGet();
            if (i <= rounds) {
              typeA(one, "busy", alice, i, i + 1);
              alice.await("ack", a -> a.getJsonNumber("seq").longValue() == i + 1);
              committed.countDown();
            }
          },
          0,
          100,
          TimeUnit.MILLISECONDS);
      assertThat(committed.await(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      alicesPace.shutdownNow();
    }
    s.busOne().releaseForwards();

    assertThat(version(bob.await("ack"))).isEqualTo(rounds + 2);
    assertThat(two.metrics().commits()).as("bob's edit was not taken back").isZero();
    assertThat(one.metrics().versionConflicts() + two.metrics().versionConflicts()).isZero();
  }

  @Test
  void aForwardedEditRefusedThereIsRefusedToItsAuthorWithItsSeq() {
    Spread s = spread("refused");
    RoomManager two = s.two();
    RecordingPeer bob = s.bob();

    typeA(two, "refused", bob, 99, 1);

    JsonObject error = bob.await("error");
    assertThat(error.getString("code")).isEqualTo("future-version");
    assertThat(error.getJsonNumber("seq").longValue()).isEqualTo(1);
    assertThat(two.metrics().commits()).isZero();
  }

  @Test
  void anEditForwardedToAStoppingServerIsCommittedHereWithoutAnErrorToItsAuthor() {
    Spread s = spread("stopping");
    RoomManager one = s.one();
    RoomManager two = s.two();
    RecordingPeer bob = s.bob();

    one.shutdown(Duration.ofSeconds(5));
    typeA(two, "stopping", bob, 1, 1);

    assertThat(version(bob.await("ack"))).isEqualTo(2);
    assertThat(bob.count("error")).isZero();
    assertThat(two.metrics().commits()).isEqualTo(1);
  }

  @Test
  void aResendOfAForwardedEditIsAcknowledgedWithTheVersionItGotTheFirstTime() {
    Spread s = spread("resend");
    RoomManager one = s.one();
    RoomManager two = s.two();
    RecordingPeer alice = s.alice();
    RecordingPeer bob = s.bob();
    typeA(two, "resend", bob, 1, 1);
    assertThat(version(bob.await("ack"))).isEqualTo(2);
    typeA(one, "resend", alice, 2, 2);
    alice.await("ack", a -> a.getJsonNumber("seq").longValue() == 2);

    RecordingPeer bobAgain = join(two, "resend", "bob");
    typeA(two, "resend", bobAgain, 1, 1);

    assertThat(version(bobAgain.await("ack"))).isEqualTo(2);
    assertThat(store.store().findOpsAfter("resend", 0, 10)).hasSize(3);
    assertThat(two.metrics().commits()).isZero();
  }
}
