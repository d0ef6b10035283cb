package dev.ensemble.metrics;

import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/**
 * One server's metrics at one moment, as the status page charts them: what it holds (sessions,
 * rooms) and its running totals (operations committed, acknowledgements and their summed latency),
 * from which the page draws rates and the mean latency between two moments.
 */
public record ServerFigures(
    String server,
    long at,
    long sessions,
    long rooms,
    long opsCommitted,
    long acks,
    double ackSeconds) {

  /** The figures the registry holds now: the same metrics {@code /metrics} shows. */
  static ServerFigures read(MetricRegistry registry, String server, long at) {
    Timer ack = registry.getTimer(new MetricID("ensemble.ack.latency"));
    return new ServerFigures(
        server,
        at,
        gauge(registry, "ensemble.sessions"),
        gauge(registry, "ensemble.rooms"),
        registry.getCounter(new MetricID("ensemble.ops.committed")).getCount(),
        ack.getCount(),
        ack.getElapsedTime().toNanos() / 1e9);
  }

  private static long gauge(MetricRegistry registry, String name) {
    return registry.getGauge(new MetricID(name)).getValue().longValue();
  }
}
