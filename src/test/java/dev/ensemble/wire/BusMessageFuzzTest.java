package dev.ensemble.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Whatever arrives on a room's channel, decoding yields a message that reads back the same after
 * the server writes it again, or a {@link WireException} with code {@code bad-message}: a forged or
 * garbled message must never break a room. Runs its corpus in every test run; {@code JAZZER_FUZZ=1}
 * fuzzes it (see the README).
 */
class BusMessageFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void decode(byte[] published) {
    BusMessage message;
    try {
      message = BusMessage.decode(new String(published, UTF_8));
    } catch (WireException e) {
      assertEquals(ErrorCodes.BAD_MESSAGE, e.code());
      return;
    }
    assertEquals(message, BusMessage.decode(republished(message)));
  }

  /** The message as a server of this version publishes it. */
  private static String republished(BusMessage message) {
    if (message instanceof BusMessage.Committed c) {
      return BusMessages.committed(
          c.v(), c.op(), c.src(), c.seq(), c.timestamp(), c.language(), c.origin());
    }
    if (message instanceof BusMessage.PresenceChanged p) {
      return BusMessages.presence(p.presence(), p.origin());
    }
    if (message instanceof BusMessage.PresenceLeft p) {
      return BusMessages.presenceLeft(p.clientId(), p.origin());
    }
    if (message instanceof BusMessage.AccessChanged a) {
      return BusMessages.accessChanged(a.origin());
    }
    if (message instanceof BusMessage.Forwarded f) {
      return BusMessages.forwarded(f.base(), f.op(), f.src(), f.seq(), f.origin(), f.to());
    }
    if (message instanceof BusMessage.ForwardAcked a) {
      return BusMessages.forwardAcked(a.src(), a.seq(), a.v(), a.origin(), a.to());
    }
    BusMessage.ForwardRefused r = (BusMessage.ForwardRefused) message;
    return BusMessages.forwardRefused(
        r.src(), r.seq(), r.code(), r.message(), r.retryable(), r.origin(), r.to());
  }
}
