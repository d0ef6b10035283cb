package dev.ensemble.load;

import java.util.Arrays;

/** Latencies recorded from many threads, in microseconds, with their percentiles. */
final class Latencies {

  private long[] values = new long[1 << 14];
  private int count;

  synchronized void record(long micros) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = micros;
  }

  synchronized int count() {
    return count;
  }

  /** p50, p95, p99 and max in milliseconds; zeros when nothing was recorded. */
  synchronized Summary summary() {
    if (count == 0) {
      return new Summary(0, 0, 0, 0, 0);
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    return new Summary(
        count, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted[count - 1] / 1000.0);
  }

  private static double at(long[] sorted, double quantile) {
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1000.0;
  }

  /** Percentiles in milliseconds. */
  public record Summary(int count, double p50, double p95, double p99, double max) {}
}
