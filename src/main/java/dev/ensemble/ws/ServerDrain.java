package dev.ensemble.ws;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.room.Disconnect;
import dev.ensemble.room.RoomManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Takes a server out of service without losing anything: it refuses new sessions (readiness goes
 * down, so a balancer stops sending any), finishes the commits in flight, closes every session with
 * 1012 so that clients reconnect elsewhere and resend, and returns once the container closed them
 * all, close frames included. The server keeps running; it is stopped (or undeployed) afterwards.
 */
@ApplicationScoped
public class ServerDrain {

  private static final Logger LOG = Logger.getLogger(ServerDrain.class.getName());

  @Inject RoomManager rooms;
  @Inject SessionRegistry sessions;
  @Inject EnsembleConfig config;

  /** What a drain did: sessions it found open, and those still open when it gave up waiting. */
  public record Outcome(int sessionsClosed, int sessionsLeft) {}

  public Outcome drain() throws InterruptedException {
    Duration timeout = config.shutdownTimeout();
    long started = System.nanoTime();
    int open = sessions.size();
    rooms.shutdown(timeout);
    // sessions that never said hello belong to no room, so the rooms did not close them
    sessions.closeAll(Disconnect.SERVER_STOPPING);
    Duration left = timeout.minusNanos(System.nanoTime() - started);
    sessions.awaitEmpty(left.isNegative() ? Duration.ZERO : left);
    Outcome outcome = new Outcome(open, sessions.size());
    LOG.info(
        () ->
            "drained: "
                + outcome.sessionsClosed()
                + " sessions closed with 1012"
                + (outcome.sessionsLeft() > 0
                    ? ", " + outcome.sessionsLeft() + " still open after " + timeout
                    : ""));
    return outcome;
  }
}
