package dev.ensemble.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.history.Author;
import dev.ensemble.history.BlameRun;
import dev.ensemble.history.HistorySpan;
import dev.ensemble.history.LineBlame;
import dev.ensemble.history.NamedVersion;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.store.AppendResult;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.store.ForwardingStore;
import dev.ensemble.store.LogHead;
import dev.ensemble.store.MemoryStore;
import dev.ensemble.store.OperationStore;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.WireException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timeline, blame and named versions of a room's history, against the store. */
class RoomHistoryTest {

  private static final int INTERVAL = 10;
  private static final String ROOM = "r";
  private static final String FIRST = "first line\nsecond line\n";

  private final MemoryStore memory = new MemoryStore(INTERVAL);

  /** Where the ops each call reads start: RoomHistory must not replay from version 0. */
  private final List<Long> readsFrom = new ArrayList<>();

  private final OperationStore store =
      new ForwardingStore(memory.store()) {
        @Override
        public List<CommittedOp> findOps(String room, long from, long to) {
          readsFrom.add(from);
          return super.findOps(room, from, to);
        }
      };

  private final TestServers servers = new TestServers();
  private final RoomHistory history = new RoomHistory(store, servers.start("s", store));

  /** The document after each version, from 0. */
  private final List<String> texts = new ArrayList<>();

  /** The blame after each version, worked out from version 0 one operation at a time. */
  private final List<LineBlame> blames = new ArrayList<>();

  @AfterEach
  void close() {
    servers.close();
    memory.close();
  }

  /**
   * {@code ops} random edits by three sources, at 1000 ms apart, appended one at a time with the
   * milestones saved after them as the server saves them, and a snapshot at the end.
   */
  private void fill(int ops) {
    store.createDocument(ROOM, "java", FIRST);
    texts.add(FIRST);
    blames.add(LineBlame.of(FIRST, Author.CREATION));
    Random random = new Random(42);
    LogHead head = LogHead.origin(ROOM);
    String text = FIRST;
    for (int v = 1; v <= ops; v++) {
      TextOperation op = randomEdit(text, random);
      String src = "src" + (v % 3);
      CommittedOp committed = new CommittedOp(ROOM, v, op, src, v, 1000L * v);
      assertThat(store.append(head, List.of(committed))).isEqualTo(AppendResult.APPENDED);
      blames.add(blames.get(v - 1).after(text, op, new Author(src, v, 1000L * v)));
      text = op.apply(text);
      texts.add(text);
      head = committed.head();
      if (v % INTERVAL == 0) {
        store.saveMilestone(ROOM, v, text, "java");
      }
    }
    store.saveSnapshot(new DocumentSnapshot(ROOM, "java", text, ops));
    readsFrom.clear();
  }

  private static TextOperation randomEdit(String text, Random random) {
    int at = random.nextInt(text.length() + 1);
    int gone = Math.min(text.length() - at, random.nextInt(5));
    String typed = random.nextInt(4) == 0 ? "new line\n" : "x";
    TextOperation.Builder op = TextOperation.builder().retain(at);
    if (gone > 0) {
      op.delete(gone);
    }
    return op.insert(typed).retain(text.length() - at - gone).build();
  }

  private static WireException refusal(Runnable call) {
    try {
      call.run();
    } catch (WireException e) {
      return e;
    }
    throw new AssertionError("not refused");
  }

  // ---- timeline

  @Test
  void aShortHistoryIsOnePointPerOperationWithItsTimeAndAuthor() {
    fill(5);

    Timeline timeline = history.timeline(ROOM, 0, null);

    assertThat(timeline.v()).isEqualTo(5);
    assertThat(timeline.changes())
        .containsExactly(
            HistorySpan.of(1, "src1", 1000),
            HistorySpan.of(2, "src2", 2000),
            HistorySpan.of(3, "src0", 3000),
            HistorySpan.of(4, "src1", 4000),
            HistorySpan.of(5, "src2", 5000));
  }

  @Test
  void aLongHistoryIsAtMostTwoHundredConsecutivePointsCoveringTheRangeWithEveryOperationCounted() {
    fill(2_345);

    Timeline timeline = history.timeline(ROOM, 7, 2_344L);

    List<HistorySpan> points = timeline.changes();
    assertThat(points)
        .hasSizeLessThanOrEqualTo(RoomHistory.MAX_TIMELINE_POINTS)
        .hasSizeGreaterThan(100);
    assertThat(points.get(0).from()).isEqualTo(7);
    assertThat(points.get(points.size() - 1).to()).isEqualTo(2_344);
    for (int i = 1; i < points.size(); i++) {
      assertThat(points.get(i).from()).isEqualTo(points.get(i - 1).to());
    }
    HistorySpan all = points.stream().reduce(HistorySpan::then).orElseThrow();
    assertThat(all.authors().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(2_344 - 7);
    assertThat(all.start()).isEqualTo(8_000);
    assertThat(all.end()).isEqualTo(2_344_000);
  }

  @Test
  void theTimelineOfALongHistoryReadsTheMilestonesNotEveryOperation() {
    fill(2_000);

    history.timeline(ROOM, 0, null);

    // only the stretch after the last milestone is read operation by operation: none here
    assertThat(readsFrom).isEmpty();
  }

  @Test
  void milestonesAreDigestedWhenSavedSoThatTheirSpansOutliveTheOperations() {
    fill(30);
    memory.forgetAfter(ROOM, 0);

    assertThat(store.findSpans(ROOM, 0, 30))
        .extracting(HistorySpan::to)
        .containsExactly(10L, 20L, 30L);
  }

  @Test
  void aTimelineBeyondTheHeadOrBackwardsIsRefused() {
    fill(5);

    assertThat(refusal(() -> history.timeline(ROOM, 0, 6L)).code())
        .isEqualTo(ErrorCodes.FUTURE_VERSION);
    assertThat(refusal(() -> history.timeline(ROOM, 4, 3L)).code())
        .isEqualTo(ErrorCodes.BAD_PARAMETER);
    assertThat(refusal(() -> history.timeline("nobody", 0, null)).code())
        .isEqualTo(ErrorCodes.ROOM_NOT_FOUND);
  }

  // ---- blame

  @Test
  void theBlameAtEveryVersionIsTheOneReplayedFromTheStartWithoutReplayingFromTheStart() {
    fill(95);

    for (int v = 0; v <= 95; v++) {
      readsFrom.clear();
      List<BlameRun> blame = history.blame(ROOM, v);

      assertThat(blame).as("version %d", v).isEqualTo(blames.get(v).runs());
      long milestone = v - v % INTERVAL;
      assertThat(readsFrom).as("version %d", v).allMatch(from -> from >= milestone);
    }
  }

  @Test
  void theFirstContentHasNoAuthor() {
    fill(0);

    assertThat(history.blame(ROOM, 0)).containsExactly(new BlameRun(3, Author.CREATION));
  }

  @Test
  void aBlameBeyondTheHeadIsRefused() {
    fill(5);

    assertThat(refusal(() -> history.blame(ROOM, 6)).code()).isEqualTo(ErrorCodes.FUTURE_VERSION);
  }

  @Test
  void milestonesSavedBeforeDigestsExistedAreDigestedWhenFirstAsked() {
    store.createDocument(ROOM, "java", FIRST);
    LogHead head = LogHead.origin(ROOM);
    String text = FIRST;
    Random random = new Random(1);
    List<CommittedOp> ops = new ArrayList<>();
    for (int v = 1; v <= 25; v++) {
      TextOperation op = randomEdit(text, random);
      ops.add(new CommittedOp(ROOM, v, op, "early", v, v));
      text = op.apply(text);
      if (v % INTERVAL == 0) {
        // saved before its operations are written, so that it cannot be digested then
        store.saveMilestone(ROOM, v, text, "java");
      }
    }
    store.append(head, ops);

    assertThat(store.findSpans(ROOM, 0, 25)).extracting(HistorySpan::to).containsExactly(10L, 20L);
    assertThat(history.blame(ROOM, 25)).extracting(r -> r.author().src()).containsOnly("early");
  }

  // ---- named versions

  @Test
  void aNamedVersionIsListedAndOnTheTimeline() {
    fill(5);

    NamedVersion named = history.nameVersion(ROOM, 3L, "  before the refactoring ");
    history.nameVersion(ROOM, null, "head");

    assertThat(named.name()).isEqualTo("before the refactoring");
    assertThat(history.namedVersions(ROOM))
        .extracting(NamedVersion::v, NamedVersion::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3L, "before the refactoring"),
            org.assertj.core.groups.Tuple.tuple(5L, "head"));
    assertThat(history.timeline(ROOM, 4, 5L).versions())
        .extracting(NamedVersion::v)
        .containsExactly(5L);
  }

  @Test
  void namingAVersionAgainRenamesIt() {
    fill(5);

    history.nameVersion(ROOM, 3L, "one");
    history.nameVersion(ROOM, 3L, "two");

    assertThat(history.namedVersions(ROOM)).extracting(NamedVersion::name).containsExactly("two");
  }

  @Test
  void namesThatAreEmptyTooLongOrNotOneLineAreRefusedAndNothingIsNamed() {
    fill(5);

    for (String name : new String[] {null, "", "   ", "x".repeat(101), "two\nlines", "tab\there"}) {
      assertThat(refusal(() -> history.nameVersion(ROOM, 3L, name)).code())
          .as("%s", name)
          .isEqualTo(ErrorCodes.BAD_VERSION_NAME);
    }
    history.nameVersion(ROOM, 3L, "x".repeat(100));
    assertThat(history.namedVersions(ROOM)).hasSize(1);
  }

  @Test
  void aVersionAfterTheHeadCannotBeNamed() {
    fill(5);

    assertThat(refusal(() -> history.nameVersion(ROOM, 6L, "later")).code())
        .isEqualTo(ErrorCodes.FUTURE_VERSION);
    assertThat(history.namedVersions(ROOM)).isEmpty();
  }

  @Test
  void aDeletedRoomTakesItsNamedVersionsAlong() {
    fill(5);
    history.nameVersion(ROOM, 3L, "kept?");

    store.deleteRoom(ROOM);
    store.createDocument(ROOM, "java", "");

    assertThat(history.namedVersions(ROOM)).isEmpty();
  }
}
