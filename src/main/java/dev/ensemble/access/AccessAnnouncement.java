package dev.ensemble.access;

import dev.ensemble.config.EnsembleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Says at start how people reach rooms; {@code open} as a warning, for it lets anyone in. */
@ApplicationScoped
public class AccessAnnouncement {

  private static final Logger LOG = Logger.getLogger(AccessAnnouncement.class.getName());

  @Inject EnsembleConfig config;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    announce(config.accessMode(), LOG);
  }

  static void announce(AccessMode mode, Logger log) {
    if (mode == AccessMode.OPEN) {
      log.warning(
          AccessMode.SETTING
              + "=open: anyone who reaches this server reads and edits every room. Use it only on"
              + " a trusted network or for load tests.");
    } else {
      log.log(
          Level.INFO,
          "access: {0}; rooms are reached through share links whose secrets stay in the URL"
              + " fragment",
          mode.wireName());
    }
  }
}
