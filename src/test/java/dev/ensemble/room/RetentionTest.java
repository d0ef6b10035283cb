package dev.ensemble.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ensemble.history.Author;
import dev.ensemble.history.BlameRun;
import dev.ensemble.history.LineBlame;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.store.AppendResult;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.HistoryGapException;
import dev.ensemble.store.HistoryRetention;
import dev.ensemble.store.LogHead;
import dev.ensemble.store.MemoryStore;
import dev.ensemble.store.OperationStore;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.WireException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retention against the store through the real driver: operations older than the retention are
 * folded into the milestone before them, the timeline keeps its shape, blame and time travel work
 * from the nearest kept milestone, and reading a folded version says so.
 */
class RetentionTest {

  private static final int INTERVAL = 10;
  private static final String ROOM = "kept";
  private static final String FIRST = "first line\nsecond line\n";
  private static final Duration KEEP = Duration.ofDays(30);

  private final MemoryStore memory = new MemoryStore(INTERVAL);
  private final OperationStore store = memory.store();
  private final TestServers servers = new TestServers();
  private final RoomHistory history = new RoomHistory(store, servers.start("s", store));

  /** The document and the blame after each version, from 0. */
  private final List<String> texts = new ArrayList<>();

  private final List<LineBlame> blames = new ArrayList<>();

  @AfterEach
  void close() {
    servers.close();
    memory.close();
  }

  /** Version {@code v} was committed at {@code v} seconds after the epoch. */
  private static long committedAt(long v) {
    return 1000L * v;
  }

  /** A clock at which retention folds what was committed before version {@code v}. */
  private static Clock justAfter(long v) {
    return Clock.fixed(Instant.ofEpochMilli(committedAt(v)).plus(KEEP), ZoneOffset.UTC);
  }

  private int retain(Clock clock) {
    return new HistoryRetention(store, KEEP, clock).run();
  }

  /**
   * {@code ops} random edits, with milestones as the server saves them, the snapshot at {@code
   * snapshot}.
   */
  private void fill(int ops, int snapshot) {
    store.createDocument(ROOM, "java", FIRST);
    texts.add(FIRST);
    blames.add(LineBlame.of(FIRST, Author.CREATION));
    Random random = new Random(7);
    LogHead head = LogHead.origin(ROOM);
    String text = FIRST;
    for (int v = 1; v <= ops; v++) {
      int at = random.nextInt(text.length() + 1);
      TextOperation op =
          TextOperation.builder()
              .retain(at)
              .insert(random.nextBoolean() ? "x" : "line\n")
              .retain(text.length() - at)
              .build();
      String src = "src" + (v % 3);
      CommittedOp committed = new CommittedOp(ROOM, v, op, src, v, committedAt(v));
      assertThat(store.append(head, List.of(committed))).isEqualTo(AppendResult.APPENDED);
      blames.add(blames.get(v - 1).after(text, op, new Author(src, v, committedAt(v))));
      text = op.apply(text);
      texts.add(text);
      head = committed.head();
      if (v % INTERVAL == 0) {
        store.saveMilestone(ROOM, v, text, "java");
      }
      if (v == snapshot) {
        store.saveSnapshot(new DocumentSnapshot(ROOM, "java", text, v));
      }
    }
  }

  private static String refusal(Runnable read) {
    try {
      read.run();
    } catch (WireException e) {
      return e.code();
    }
    return "answered";
  }

  @Test
  void operationsOlderThanTheRetentionAreFoldedIntoTheMilestoneBeforeThem() {
    fill(95, 95);

    // versions 1 to 44 are older than 30 days; the milestone at 40 is the last one all of whose
    // operations are
    assertThat(retain(justAfter(45))).isEqualTo(1);

    assertThat(store.foldedTo(ROOM)).isEqualTo(40);
    assertThat(memory.documentVersions(ROOM))
        .containsExactlyElementsOf(LongStream.rangeClosed(40, 95).boxed().toList());
  }

  @Test
  void theTimelineKeepsItsShapeFromTheMilestonesSpans() {
    fill(95, 95);
    Timeline before = history.timeline(ROOM, 0, null);

    retain(justAfter(45));

    assertThat(history.timeline(ROOM, 0, null)).isEqualTo(before);
  }

  @Test
  void aTimelineFromAMilestoneInTheFoldedRangeIsReadFromItsSpansAndFromElsewhereSaysFolded() {
    fill(95, 95);
    Timeline before = history.timeline(ROOM, 20, null);

    retain(justAfter(45));

    assertThat(history.timeline(ROOM, 20, null)).isEqualTo(before);
    assertThat(refusal(() -> history.timeline(ROOM, 25, null)))
        .isEqualTo(ErrorCodes.HISTORY_FOLDED);
  }

  @Test
  void blameAndTimeTravelWorkFromTheFoldPointOnAndSayFoldedBefore() {
    fill(95, 95);
    retain(justAfter(45));

    for (int v = 40; v <= 95; v++) {
      List<BlameRun> blame = history.blame(ROOM, v);
      assertThat(blame).as("blame at %d", v).isEqualTo(blames.get(v).runs());
      assertThat(history.at(ROOM, v).content()).as("version %d", v).isEqualTo(texts.get(v));
    }
    for (int v = 0; v < 40; v++) {
      int version = v;
      assertThat(refusal(() -> history.blame(ROOM, version))).isEqualTo(ErrorCodes.HISTORY_FOLDED);
      assertThat(refusal(() -> history.at(ROOM, version))).isEqualTo(ErrorCodes.HISTORY_FOLDED);
    }
  }

  @Test
  void readingOperationsFromAFoldedVersionSaysFoldedAndFromTheFoldPointReadsThem() {
    fill(95, 95);
    retain(justAfter(45));

    assertThat(refusal(() -> history.checkRange(ROOM, 0, 50L)))
        .isEqualTo(ErrorCodes.HISTORY_FOLDED);
    assertThat(refusal(() -> history.checkRange(ROOM, 39, 50L)))
        .isEqualTo(ErrorCodes.HISTORY_FOLDED);
    List<Long> read = new ArrayList<>();
    history.ops(ROOM, 40, history.checkRange(ROOM, 40, 50L), op -> read.add(op.v()));
    assertThat(read).containsExactlyElementsOf(LongStream.rangeClosed(41, 50).boxed().toList());
    // below the history API the store still never skips: a folded range is a gap
    assertThatThrownBy(() -> store.findOps(ROOM, 30, 50)).isInstanceOf(HistoryGapException.class);
  }

  @Test
  void nothingIsFoldedBeforeItIsOldEnoughAndZeroOperationsAreLost() {
    fill(95, 95);

    assertThat(retain(justAfter(9))).isZero();
    assertThat(store.foldedTo(ROOM)).isZero();
    assertThat(memory.documentVersions(ROOM)).hasSize(95);
    assertThat(history.at(ROOM, 3).content()).isEqualTo(texts.get(3));
  }

  @Test
  void theFoldStopsAtTheStoredSnapshotWhichAServerLoadsTheRoomFrom() {
    fill(95, 25);

    retain(justAfter(95));

    assertThat(store.foldedTo(ROOM)).isEqualTo(20);
    RoomManager server = servers.start("loader", store);
    RecordingPeer client = TestServers.join(server, ROOM, "c");
    assertThat(client.await("snapshot").getString("content")).isEqualTo(texts.get(95));
  }

  @Test
  void foldingAgainOrOnTwoServersAtOnceFoldsOnceAndMovesOnlyForward() throws Exception {
    fill(95, 95);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Integer>> passes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      passes.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return retain(justAfter(45));
              }));
    }
    go.countDown();
    for (CompletableFuture<Integer> pass : passes) {
      pass.get();
    }

    assertThat(retain(justAfter(45))).isZero();
    // a server whose clock lags behind does not move the fold point back
    assertThat(retain(justAfter(25))).isZero();
    assertThat(store.foldedTo(ROOM)).isEqualTo(40);
    assertThat(memory.documentVersions(ROOM)).hasSize(56);
    assertThat(history.at(ROOM, 95).content()).isEqualTo(texts.get(95));
  }

  @Test
  void aClientCatchingUpFromAFoldedVersionGetsTheDocument() {
    fill(95, 95);
    retain(justAfter(45));
    RoomManager server = servers.start("catching", store);
    RecordingPeer client = TestServers.join(server, ROOM, "c");

    server.handle(
        ROOM, client, dev.ensemble.wire.ClientMessages.decode("{\"type\":\"catchup\",\"v\":30}"));

    client.await("snapshot", s -> client.count("snapshot") == 2);
    assertThat(client.count("op")).isZero();
    assertThat(client.received.get(client.received.size() - 1).getString("content"))
        .isEqualTo(texts.get(95));
  }
}
