package dev.ensemble.metrics;

import dev.ensemble.room.RoomObserver;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/** The commit path in metrics: what this server committed, and how fast. */
@ApplicationScoped
public class RoomMeters implements RoomObserver {

  @Inject MetricRegistry registry;

  private Counter committed;
  private Counter conflicts;
  private Counter resends;
  private Counter forwarded;
  private Counter takenBack;
  private Timer ackLatency;
  private Timer deliveryLag;

  /** Made at start, so that a scrape shows every metric, at 0, before the first event. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {}

  @PostConstruct
  void register() {
    Meters meters = new Meters(registry);
    committed = meters.counter("ensemble.ops.committed", "operations this server committed");
    conflicts =
        meters.counter(
            "ensemble.version.conflicts",
            "commits that lost their version to another server and were retried");
    resends =
        meters.counter(
            "ensemble.resends", "submissions recognised as resends of committed operations");
    forwarded =
        meters.counter(
            "ensemble.edits.forwarded",
            "clients' edits forwarded to the server committing for their room");
    takenBack =
        meters.counter(
            "ensemble.edits.taken.back",
            "forwarded edits that got no answer in time and were committed here");
    ackLatency =
        meters.timer(
            "ensemble.ack.latency",
            "from an edit's arrival to its acknowledgement, for edits acknowledged here");
    deliveryLag =
        meters.timer(
            "ensemble.bus.delivery.lag",
            "from another server's commit of an operation to its arrival here over the bus");
  }

  @Override
  public void committed(int ops) {
    committed.inc(ops);
  }

  @Override
  public void versionConflict() {
    conflicts.inc();
  }

  @Override
  public void resent() {
    resends.inc();
  }

  @Override
  public void acknowledged(Duration latency) {
    ackLatency.update(latency);
  }

  @Override
  public void delivered(Duration lag) {
    deliveryLag.update(lag);
  }

  @Override
  public void forwarded() {
    forwarded.inc();
  }

  @Override
  public void takenBack(int edits) {
    takenBack.inc(edits);
  }
}
