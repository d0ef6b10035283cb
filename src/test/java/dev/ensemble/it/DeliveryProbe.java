package dev.ensemble.it;

import static org.awaitility.Awaitility.await;

import dev.ensemble.testing.Urls;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Two clients of one room on two servers, in a thread of their own: one edits ten times a second,
 * each edit once the last one arrived, and the time from an edit until the other client has it is
 * the delivery time across the servers, acknowledgement included.
 */
final class DeliveryProbe implements AutoCloseable {

  /** Most edits, so that a probe nobody closes still ends. */
  private static final int MAX_EDITS = 3000;

  private record Sample(long endedNanos, long millis) {}

  private final LiveClient writer = new LiveClient("probewriter");
  private final LiveClient reader = new LiveClient("probereader");
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile RuntimeException failure;

  DeliveryProbe(String room, URL writerServer, URL readerServer) {
    writer.connect(Urls.room(writerServer, room));
    reader.connect(Urls.room(readerServer, room));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> writer.version() >= 0 && reader.version() >= 0);
    thread = new Thread(this::probe, "delivery-probe");
    thread.setDaemon(true);
    thread.start();
  }

  private void probe() {
    Random random = new Random(7);
    try {
      for (int i = 0; i < MAX_EDITS && !stopped; i++) {
        long start = System.nanoTime();
        writer.edit(random);
        await()
            .atMost(Duration.ofSeconds(30))
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(5))
            .until(
                () -> stopped || (writer.isSynchronized() && reader.version() >= writer.version()));
        long end = System.nanoTime();
        samples.add(new Sample(end, TimeUnit.NANOSECONDS.toMillis(end - start)));
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // the pace, not a wait
      }
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  /** Waits until {@code count} edits have arrived, or the probe failed. */
  void awaitDeliveries(int count) {
    await().atMost(Duration.ofSeconds(30)).until(() -> samples.size() >= count || failure != null);
  }

  /** How many edits arrived. */
  int deliveries() {
    return samples.size();
  }

  /** The slowest delivery so far. */
  long worst() {
    return worstSince(Long.MIN_VALUE);
  }

  /** The slowest delivery of the edits that arrived after {@code nanoTime}. */
  long worstSince(long nanoTime) {
    return samples.stream()
        .filter(s -> s.endedNanos() >= nanoTime)
        .mapToLong(Sample::millis)
        .max()
        .orElse(-1);
  }

  /** Why the probe stopped early: an edit that did not arrive within 30 s; null if none. */
  RuntimeException failure() {
    return failure;
  }

  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(35));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.close();
    reader.close();
  }
}
