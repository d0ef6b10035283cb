package dev.ensemble.room;

import java.time.Duration;
import java.util.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Takes over SIGTERM so that a stopping server first finishes its commits and closes its sessions
 * with 1012, then exits through the server's normal shutdown. Open Liberty drops WebSocket
 * connections before any application hook runs, so {@code @PreDestroy} would be too late: clients
 * would see 1006 instead of a clean restart notice.
 */
final class ShutdownSignal {

  private static final Logger LOG = Logger.getLogger(ShutdownSignal.class.getName());
  private static final Signal TERM = new Signal("TERM");

  private final SignalHandler previous;

  private ShutdownSignal(SignalHandler previous) {
    this.previous = previous;
  }

  static ShutdownSignal install(RoomManager rooms, Duration timeout) {
    return new ShutdownSignal(
        Signal.handle(
            TERM,
            signal -> {
              // JUL is reset by the JDK's own shutdown hook, so say it on standard out as well
              System.out.println("SIGTERM: finishing commits and closing sessions with 1012");
              rooms.shutdown(timeout);
              System.exit(0);
            }));
  }

  /** Gives SIGTERM back, so that an undeployed application leaves nothing behind. */
  void uninstall() {
    Signal.handle(TERM, previous);
    LOG.fine("SIGTERM handler removed");
  }
}
