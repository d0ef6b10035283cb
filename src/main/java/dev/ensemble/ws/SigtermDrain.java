package dev.ensemble.ws;

import dev.ensemble.config.EnsembleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * With {@code ENSEMBLE_DRAIN_ON_SIGTERM}, takes SIGTERM as a drain (see {@link ServerDrain}) and
 * exits once the close frames are sent. Open Liberty drops WebSocket connections before any
 * application hook runs, so without it clients see 1006 rather than 1012. It is a JVM-wide side
 * effect, which a shared server must not suffer: only the project's own server configuration and
 * image turn it on, and a server that hosts other applications drains through {@code /admin/drain}.
 */
@ApplicationScoped
public class SigtermDrain {

  private static final Logger LOG = Logger.getLogger(SigtermDrain.class.getName());
  private static final Signal TERM = new Signal("TERM");

  @Inject EnsembleConfig config;
  @Inject ServerDrain drain;
  private SignalHandler previous;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    if (config.drainOnSigterm()) {
      previous = Signal.handle(TERM, this::drainAndExit);
      LOG.info("SIGTERM drains this server (ENSEMBLE_DRAIN_ON_SIGTERM)");
    }
  }

  private void drainAndExit(Signal signal) {
    // JUL is reset by the JDK's own shutdown hook, so say it on standard out as well
    System.out.println("SIGTERM: finishing commits and closing sessions with 1012");
    try {
      drain.drain();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.exit(0);
  }

  /** Gives SIGTERM back, so that an undeployed application leaves nothing behind. */
  void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
    if (previous != null) {
      Signal.handle(TERM, previous);
    }
  }
}
