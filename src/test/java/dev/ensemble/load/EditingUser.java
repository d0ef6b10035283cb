package dev.ensemble.load;

/**
 * How every simulated user paces its edits, whatever the protocol: on the scenario's timer, or
 * eagerly (the next edit as soon as nothing is pending), until told to stop.
 */
abstract class EditingUser implements SimulatedUser {

  private boolean eager;
  private boolean writing = true;

  @Override
  public synchronized void writeEagerly() {
    eager = true;
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
      edit();
    }
  }
}
