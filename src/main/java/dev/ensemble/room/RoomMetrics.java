package dev.ensemble.room;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the commit path, for health data, benchmarks and tests; everything it counts or times
 * also goes to the {@link RoomObserver} the server reports to.
 */
public final class RoomMetrics {

  private final LongAdder commits = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder versionConflicts = new LongAdder();
  private final LongAdder resends = new LongAdder();
  private final LongAdder forwarded = new LongAdder();
  private final LongAdder takenBack = new LongAdder();
  private volatile RoomObserver observer = RoomObserver.NONE;

  void reportTo(RoomObserver observer) {
    this.observer = observer;
  }

  void committed(int ops) {
    commits.add(ops);
    batches.increment();
    observer.committed(ops);
  }

  void versionConflict() {
    versionConflicts.increment();
    observer.versionConflict();
  }

  void resend() {
    resends.increment();
    observer.resent();
  }

  void editForwarded() {
    forwarded.increment();
    observer.forwarded();
  }

  void editsTakenBack(int edits) {
    takenBack.add(edits);
    observer.takenBack(edits);
  }

  /**
   * An edit that arrived at {@code receivedNanos} (of {@link System#nanoTime}) was acknowledged.
   */
  void acknowledged(long receivedNanos) {
    observer.acknowledged(Duration.ofNanos(System.nanoTime() - receivedNanos));
  }

  /**
   * An operation committed at {@code committedAtMillis} by another server's clock arrived over the
   * bus. Clocks of different machines disagree a little: a lag below zero counts as none.
   */
  void delivered(long committedAtMillis) {
    long lag = System.currentTimeMillis() - committedAtMillis;
    observer.delivered(Duration.ofMillis(Math.max(0, lag)));
  }

  /** Operations this server committed. */
  public long commits() {
    return commits.sum();
  }

  /** Store writes that committed them. */
  public long batches() {
    return batches.sum();
  }

  /** Times another server had taken the version this one tried to commit. */
  public long versionConflicts() {
    return versionConflicts.sum();
  }

  /** Edits forwarded to the server committing for their room. */
  public long forwarded() {
    return forwarded.sum();
  }

  /** Forwarded edits committed here because the committing server did not answer in time. */
  public long takenBack() {
    return takenBack.sum();
  }

  /** Submissions recognised as resends of committed operations. */
  public long resends() {
    return resends.sum();
  }
}
