package dev.ensemble.room;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the commit path, for health data, benchmarks and tests. */
public final class RoomMetrics {

  private final LongAdder commits = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder versionConflicts = new LongAdder();
  private final LongAdder resends = new LongAdder();

  void committed(int ops) {
    commits.add(ops);
    batches.increment();
  }

  void versionConflict() {
    versionConflicts.increment();
  }

  void resend() {
    resends.increment();
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

  /** Submissions recognised as resends of committed operations. */
  public long resends() {
    return resends.sum();
  }
}
