package dev.ensemble.room;

import dev.ensemble.config.EnsembleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Starts the room manager with the application, so that the store and its indexes are ready before
 * the first client, and stops it before anything it uses is closed.
 */
@ApplicationScoped
public class RoomLifecycle {

  private static final Logger LOG = Logger.getLogger(RoomLifecycle.class.getName());

  @Inject RoomManager rooms;
  @Inject EnsembleConfig config;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    LOG.info(() -> "Ensemble server " + rooms.settings().serverId() + " started");
  }

  /** Also runs after a drain, and on a stop without one; a second shutdown is harmless. */
  void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
    rooms.shutdown(config.shutdownTimeout());
  }
}
