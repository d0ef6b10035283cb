package dev.ensemble.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.testing.CapturedLog;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class AccessAnnouncementTest {

  @Test
  void openAccessIsAWarningAndLinksAreNot() {
    try (CapturedLog log = CapturedLog.of(AccessAnnouncement.class)) {
      AccessAnnouncement.announce(
          AccessMode.OPEN, java.util.logging.Logger.getLogger(AccessAnnouncement.class.getName()));
      AccessAnnouncement.announce(
          AccessMode.LINKS, java.util.logging.Logger.getLogger(AccessAnnouncement.class.getName()));
      assertThat(log.messages(Level.WARNING))
          .singleElement()
          .asString()
          .contains("ENSEMBLE_ACCESS=open", "anyone");
      assertThat(log.messages(Level.INFO)).singleElement().asString().contains("access: links");
    }
  }
}
