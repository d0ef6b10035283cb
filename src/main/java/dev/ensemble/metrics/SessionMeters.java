package dev.ensemble.metrics;

import dev.ensemble.ws.SessionObserver;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

/** What the server refused its WebSocket clients, in metrics. */
@ApplicationScoped
public class SessionMeters implements SessionObserver {

  @Inject MetricRegistry registry;

  private Meters.Tagged<Counter> errors;
  private Meters.Tagged<Counter> rateLimited;
  private Counter queuesDropped;

  /** Made at start, so that a scrape shows every metric, at 0, before the first event. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {}

  @PostConstruct
  void register() {
    Meters meters = new Meters(registry);
    errors = meters.counters("ensemble.errors", "code", "error messages sent to clients, by code");
    rateLimited =
        meters.counters(
            "ensemble.rate.limited", "limit", "client messages refused by a rate limit, by limit");
    queuesDropped =
        meters.counter(
            "ensemble.send.queues.dropped",
            "sessions disconnected because their send queue overflowed");
  }

  @Override
  public void error(String code) {
    errors.of(code).inc();
  }

  @Override
  public void rateLimited(String limit) {
    rateLimited.of(limit).inc();
  }

  @Override
  public void queueOverflowed() {
    queuesDropped.inc();
  }
}
