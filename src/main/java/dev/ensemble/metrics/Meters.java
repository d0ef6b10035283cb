package dev.ensemble.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Ensemble's metrics in the application registry, each named {@code ensemble.*}; Prometheus shows
 * {@code ensemble.ops.committed} as {@code ensemble_ops_committed_total}. Metrics with one tag are
 * kept per value, so that counting is a map lookup.
 */
final class Meters {

  private final MetricRegistry registry;

  Meters(MetricRegistry registry) {
    this.registry = registry;
  }

  Counter counter(String name, String description) {
    return registry.counter(metadata(name, description, MetricUnits.NONE));
  }

  Timer timer(String name, String description) {
    return registry.timer(metadata(name, description, MetricUnits.SECONDS));
  }

  /** A counter per value of {@code tag}. */
  Tagged<Counter> counters(String name, String tag, String description) {
    Metadata metadata = metadata(name, description, MetricUnits.NONE);
    return new Tagged<>(value -> registry.counter(metadata, new Tag(tag, value)));
  }

  /** A timer per value of {@code tag}. */
  Tagged<Timer> timers(String name, String tag, String description) {
    Metadata metadata = metadata(name, description, MetricUnits.SECONDS);
    return new Tagged<>(value -> registry.timer(metadata, new Tag(tag, value)));
  }

  static Metadata metadata(String name, String description, String unit) {
    return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
  }

  /** The metrics of one name, one per value of its tag, made on first use. */
  static final class Tagged<M> {
    private final Map<String, M> byValue = new ConcurrentHashMap<>();
    private final Function<String, M> make;

    Tagged(Function<String, M> make) {
      this.make = make;
    }

    M of(String value) {
      return byValue.computeIfAbsent(value, make);
    }
  }
}
