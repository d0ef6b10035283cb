package dev.ensemble.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether the store answers, found out by a loop of its own, so that readiness answers at once even
 * while the store hangs. The loop also finishes the store's initialisation (its indexes) as soon as
 * the store answers, so that a server started while the store is down becomes ready when it
 * returns, without a restart; and it tells listeners each time the store comes back after failing.
 */
public final class StoreHealth implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(StoreHealth.class.getName());
  private static final String BUS_KEY = "bus";

  /** How long an answer counts once the next check is due and has not come back. */
  private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

  private final OperationStore store;
  private final long periodNanos;
  private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();
  private final Queue<Runnable> setups = new ConcurrentLinkedQueue<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean initialized;
  private volatile byte[] busKey;
  private volatile long lastAnswer;
  private volatile String problem = "not checked yet";
  private boolean down;
  private boolean setupFailed;

  public StoreHealth(OperationStore store, Duration period) {
    this.store = store;
    this.periodNanos = period.toNanos();
    this.lastAnswer = System.nanoTime() - periodNanos - GRACE_NANOS;
  }

  /** Starts checking on a thread of {@code threads}. */
  public StoreHealth start(ThreadFactory threads) {
    threads.newThread(this::loop).start();
    return this;
  }

  /** The key that signs what servers tell each other, once the store handed it out. */
  public Optional<byte[]> busKey() {
    return Optional.ofNullable(busKey);
  }

  /** Runs {@code listener} each time the store answers again after it failed. */
  public void onRecovery(Runnable listener) {
    recoveryListeners.add(listener);
  }

  /**
   * Runs {@code setup} (the indexes of another collection, which speed lookups up but are not
   * needed to answer them) at the next check that reaches the store; one that fails is tried again
   * at the check after, without counting against the store's health.
   */
  public void setUpWith(Runnable setup) {
    setups.add(setup);
  }

  /** True while the store is initialised and answered within the last check period and a second. */
  public boolean isReady() {
    return initialized && System.nanoTime() - lastAnswer < periodNanos + GRACE_NANOS;
  }

  /** Why the store is not ready, or null when it is. */
  public String problem() {
    if (isReady()) {
      return null;
    }
    String last = problem;
    if (last != null) {
      return "unreachable: " + last;
    }
    return initialized
        ? "unreachable: no answer for " + (System.nanoTime() - lastAnswer) / 1_000_000 + " ms"
        : "initialising";
  }

  private void loop() {
    try {
      do {
        check();
      } while (!closed.await(periodNanos, TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One check: ping, initialise and set up what is still to do, and tell of a recovery. */
  void check() {
    try {
      store.ping();
      if (!initialized) {
        store.initialize();
        busKey = store.sharedSecret(BUS_KEY);
        initialized = true;
        LOG.info("store initialised");
      }
      runSetups();
      lastAnswer = System.nanoTime();
      problem = null;
      if (down) {
        down = false;
        LOG.info("the store answers again; rooms check that it holds what they acknowledged");
        recoveryListeners.forEach(Runnable::run);
      }
    } catch (RuntimeException e) {
      problem = e.getMessage();
      if (!down) {
        down = true;
        LOG.log(Level.WARNING, "the store does not answer: {0}", e.getMessage());
      }
    }
  }

  private void runSetups() {
    for (Runnable setup = setups.peek(); setup != null; setup = setups.peek()) {
      try {
        setup.run();
        setups.remove(setup);
        setupFailed = false;
      } catch (RuntimeException e) {
        if (!setupFailed) {
          setupFailed = true;
          LOG.log(Level.WARNING, "a store setup failed; it is tried again: {0}", e.getMessage());
        }
        return;
      }
    }
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
