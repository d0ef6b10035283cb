package dev.ensemble.room;

import static dev.ensemble.room.TestServers.join;
import static dev.ensemble.room.TestServers.typeA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.bus.LocalOperationBus;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.store.AppendResult;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.ForwardingStore;
import dev.ensemble.store.LogHead;
import dev.ensemble.store.MemoryStore;
import dev.ensemble.store.StoreUnavailableException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The documents of claimed operations are written by the room that claimed them unless a write is
 * under way; the claims that come meanwhile are written together, off their rooms' turns.
 */
class ClaimedDocumentsTest {

  private final MemoryStore memory = new MemoryStore();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final TestServers servers = new TestServers();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
  private final CountDownLatch firstWriteStarted = new CountDownLatch(1);

  /**
   * A store whose first write of documents waits for the test, and which notes what it is asked.
   */
  private final ForwardingStore store =
      new ForwardingStore(memory.store()) {
        @Override
        public AppendResult claim(LogHead head, List<CommittedOp> ops) {
          calls.add("claim " + head.room() + "@" + head.v());
          return super.claim(head, ops);
        }

        @Override
        public void writeClaimedTogether(List<List<CommittedOp>> claims) {
          calls.add("write " + claims.size());
          firstWriteStarted.countDown();
          await(firstWriteMayEnd);
          memory.store().writeClaimedTogether(claims);
          calls.add("written");
        }
      };

  @AfterEach
  void close() {
    servers.close();
    pool.shutdownNow();
    memory.close();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<CommittedOp> firstOp(String room) {
    return List.of(
        new CommittedOp(room, 1, TextOperation.builder().insert("a").build(), "s", 1, 1L));
  }

  @Test
  void claimsOfRoomsThatAskWhileAWriteIsUnderWayAreWrittenInOneStoreCall() {
    ClaimedDocuments writer = new ClaimedDocuments(store, pool);
    CountDownLatch done = new CountDownLatch(3);
    pool.execute(() -> writer.write(firstOp("a"), done::countDown));
    await(firstWriteStarted);
    writer.write(firstOp("b"), done::countDown);
    writer.write(firstOp("c"), done::countDown);
    firstWriteMayEnd.countDown();

    await(done);
    assertThat(calls).containsExactly("write 1", "written", "write 2", "written");
    for (String room : List.of("a", "b", "c")) {
      assertThat(memory.store().findOps(room, 0, 1)).hasSize(1);
    }
  }

  @Test
  void aFailedWriteStillLetsTheRoomsGoOn() {
    ClaimedDocuments writer =
        new ClaimedDocuments(
            new ForwardingStore(memory.store()) {
              @Override
              public void writeClaimedTogether(List<List<CommittedOp>> claims) {
                throw new StoreUnavailableException("the store is down", null);
              }
            },
            pool);
    CountDownLatch done = new CountDownLatch(1);
    writer.write(firstOp("a"), done::countDown);
    await(done);
  }

  @Test
  void aRoomClaimsAgainOnlyOnceTheDocumentsOfItsLastClaimAreWritten() {
    RoomManager one =
        servers.start(store, LocalOperationBus.standalone(), SimulatedCluster.settings("one"));
    RecordingPeer alice = join(one, "r", "alice");
    typeA(one, "r", alice, 0, 1);
    alice.await("ack");
    await(firstWriteStarted);
    typeA(one, "r", alice, 1, 2);
    firstWriteMayEnd.countDown();

    alice.await("ack", a -> a.getJsonNumber("seq").longValue() == 2);
    assertThat(calls.subList(calls.indexOf("claim r@0"), calls.size()))
        .startsWith("claim r@0", "write 1", "written", "claim r@1");
  }
}
