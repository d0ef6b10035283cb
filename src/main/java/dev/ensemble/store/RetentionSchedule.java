package dev.ensemble.store;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.config.ServerThreads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs retention ({@code ENSEMBLE_RETENTION_DAYS}) in the background, once an hour, when it is set.
 * Every server runs it; each starts at a random minute of the hour so that they seldom overlap, and
 * overlapping is harmless (see {@link HistoryRetention}).
 */
@ApplicationScoped
public class RetentionSchedule {

  static final Duration PERIOD = Duration.ofHours(1);
  private static final Logger LOG = Logger.getLogger(RetentionSchedule.class.getName());

  @Inject EnsembleConfig config;
  @Inject OperationStore store;
  @Inject ServerThreads threads;

  private ScheduledFuture<?> task;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    config
        .retention()
        .ifPresent(
            keep -> {
              HistoryRetention retention = new HistoryRetention(store, keep, Clock.systemUTC());
              long first =
                  Duration.ofMinutes(1).toMillis()
                      + ThreadLocalRandom.current().nextLong(PERIOD.toMillis());
              task =
                  threads
                      .scheduler()
                      .scheduleWithFixedDelay(
                          () -> runOnce(retention),
                          first,
                          PERIOD.toMillis(),
                          TimeUnit.MILLISECONDS);
              LOG.info(
                  () ->
                      "retention: operations older than "
                          + keep.toDays()
                          + " days are folded into milestones, checked every hour");
            });
  }

  private static void runOnce(HistoryRetention retention) {
    try {
      int folded = retention.run();
      if (folded > 0) {
        LOG.info(() -> "retention folded the old operations of " + folded + " rooms");
      }
    } catch (StoreUnavailableException e) {
      LOG.log(Level.FINE, "retention skipped this hour: the store is unreachable", e);
    } catch (RuntimeException e) {
      // a scheduled task that throws is never run again
      LOG.log(Level.WARNING, "retention failed; it tries again in an hour", e);
    }
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
