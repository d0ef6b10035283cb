package dev.ensemble.store;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Shares one commit among every caller waiting at the same time: a waiter runs it while the others
 * wait for its outcome, so that under load one commit makes many writes durable.
 */
final class GroupCommit {

  private final Runnable commit;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition done = lock.newCondition();
  private long started;
  private long finished;
  private long lastFailed = -1;
  private RuntimeException failure;
  private boolean running;

  GroupCommit(Runnable commit) {
    this.commit = commit;
  }

  /**
   * Returns once a commit that started after this call has finished.
   *
   * @throws StoreUnavailableException if that commit failed
   */
  void await() {
    lock.lock();
    try {
      long needed = started + 1;
      while (finished < needed) {
        if (running) {
          done.awaitUninterruptibly();
        } else {
          runOne();
        }
      }
      // conservative: a later failure also fails earlier waiters, who then retry an idempotent
      // write
      if (lastFailed >= needed) {
        throw new StoreUnavailableException("the store could not commit to disk", failure);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Runs one commit with the lock released, so that new waiters queue for the next one. */
  private void runOne() {
    running = true;
    long generation = ++started;
    boolean ok = false;
    lock.unlock();
    try {
      commit.run();
      ok = true;
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      lock.lock();
      finished = generation;
      if (!ok) {
        lastFailed = generation;
      }
      running = false;
      done.signalAll();
    }
  }
}
