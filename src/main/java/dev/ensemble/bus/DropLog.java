package dev.ensemble.bus;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * One log line for each message dropped because it was not signed by a server of this deployment,
 * but at most one a second: whoever can write to Redis must not be able to flood the log.
 */
final class DropLog {

  private static final Logger LOG = Logger.getLogger(DropLog.class.getName());
  private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - EVERY_NANOS);
  private final AtomicLong unlogged = new AtomicLong();

  void dropped(String room) {
    long now = System.nanoTime();
    long last = lastLogged.get();
    if (now - last >= EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
      long others = unlogged.getAndSet(0);
      LOG.warning(
          () ->
              "dropped a message on room "
                  + room
                  + " that no server of this deployment signed"
                  + (others > 0 ? " (and " + others + " more since the last such line)" : "")
                  + "; reading the store instead");
    } else {
      unlogged.incrementAndGet();
    }
  }
}
