package dev.ensemble.metrics;

import dev.ensemble.store.StoreCalls;
import dev.ensemble.store.StoreObserver;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/** Every store call in metrics: how long it took and whether the store failed it. */
@ApplicationScoped
public class StoreMeters implements StoreObserver {

  @Inject MetricRegistry registry;

  private Meters.Tagged<Timer> calls;
  private Meters.Tagged<Counter> failures;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    Meters meters = new Meters(registry);
    calls =
        meters.timers(
            "ensemble.store.call.duration", "operation", "store calls and their duration");
    failures =
        meters.counters(
            "ensemble.store.failures", "operation", "store calls failed for an unavailable store");
    StoreCalls.reportTo(this);
  }

  @PreDestroy
  void stop() {
    StoreCalls.reportTo(StoreObserver.NONE);
  }

  @Override
  public void called(String operation, Duration took) {
    calls.of(operation).update(took);
  }

  @Override
  public void failed(String operation) {
    failures.of(operation).inc();
  }
}
