package dev.ensemble.metrics;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.config.ServerThreads;
import dev.ensemble.store.StoreConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Reports this server's figures to the {@link ServerRoll} every {@link #INTERVAL}, and reads every
 * server's for the status page. A report the store refuses is skipped: the next one replaces it.
 */
@ApplicationScoped
public class StatusReporter {

  /** How often each server reports; the status page polls as often. */
  public static final Duration INTERVAL = Duration.ofSeconds(2);

  /** A server silent for this long has stopped: the page no longer shows it. */
  private static final Duration SILENT = Duration.ofSeconds(30);

  /** A server silent for this long is forgotten. */
  private static final Duration FORGOTTEN = Duration.ofHours(1);

  private static final Logger LOG = Logger.getLogger(StatusReporter.class.getName());

  @Inject MetricRegistry registry;
  @Inject EnsembleConfig config;
  @Inject ServerThreads threads;
  @Inject StoreConnection connection;

  private ServerRoll roll;
  private ScheduledFuture<?> reporting;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    roll = new ServerRoll(connection.database());
    long millis = INTERVAL.toMillis();
    reporting =
        threads
            .scheduler()
            .scheduleWithFixedDelay(this::report, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** The servers that reported lately, this one included once it has. */
  public List<ServerFigures> servers() {
    return roll.since(System.currentTimeMillis() - SILENT.toMillis());
  }

  private void report() {
    // an exception would end the schedule: the store comes back, and so must the reports
    try {
      long now = System.currentTimeMillis();
      roll.report(ServerFigures.read(registry, config.serverId(), now));
      roll.forgetBefore(now - FORGOTTEN.toMillis());
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "status report skipped", e);
    }
  }

  void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
    if (reporting != null) {
      reporting.cancel(false);
    }
  }
}
