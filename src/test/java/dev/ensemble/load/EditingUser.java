package dev.ensemble.load;

import java.util.concurrent.CompletableFuture;

/**
 * How every simulated user paces its edits, whatever the protocol: on the scenario's timer, or
 * eagerly (the next edit as soon as nothing is pending), until told to stop or for a number of
 * edits.
 */
abstract class EditingUser implements SimulatedUser {

  private boolean eager;
  private boolean writing = true;
  private long editsLeft = Long.MAX_VALUE;
  private CompletableFuture<Void> editsDone = new CompletableFuture<>();

  @Override
  public synchronized void writeEagerly() {
    editsLeft = Long.MAX_VALUE;
    eager = true;
    edit();
  }

  /**
   * Makes {@code count} edits, each as soon as the previous one is acknowledged; the future
   * completes once the last one is.
   */
  synchronized CompletableFuture<Void> editTimes(long count) {
    editsLeft = count;
    editsDone = new CompletableFuture<>();
    eager = true;
    nextEdit();
    return editsDone;
  }

  private void nextEdit() {
    if (editsLeft == 0) {
      eager = false;
      editsDone.complete(null);
      return;
    }
    editsLeft--;
    edit();
  }

  @Override
  public synchronized void stopWriting() {
    writing = false;
    eager = false;
  }

  synchronized boolean isWriting() {
    return writing;
  }

  /** As fast as the protocol allows: the next edit as soon as nothing is pending. */
  synchronized void editIfEager() {
    if (eager && isSynchronized()) {
      nextEdit();
    }
  }
}
