package dev.ensemble.load;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A line on standard error, rewritten every second while a scenario runs. */
final class Progress {

  private final ScheduledFuture<?> task;

  private Progress(ScheduledFuture<?> task) {
    this.task = task;
  }

  static Progress start(String name, Measurements m, ScheduledExecutorService timers) {
    long start = System.nanoTime();
    return new Progress(
        timers.scheduleAtFixedRate(
            () -> {
              double seconds = (System.nanoTime() - start) / 1e9;
              Latencies.Summary ack = m.ack.summary();
              System.err.printf(
                  "\r%-12s %5.0f s  %7d acks  %8.1f ops/s  ack p50 %6.1f ms  p99 %6.1f ms  errors %s   ",
                  name,
                  seconds,
                  m.acknowledged.sum(),
                  m.acknowledged.sum() / seconds,
                  ack.p50(),
                  ack.p99(),
                  m.errors());
            },
            1,
            1,
            TimeUnit.SECONDS));
  }

  void stop() {
    task.cancel(false);
    System.err.println();
  }
}
