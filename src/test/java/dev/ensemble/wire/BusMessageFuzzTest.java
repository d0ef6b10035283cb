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
          c.v(), c.op(), c.src(), c.seq(), c.timestamp(), c.language(), "fuzz");
    }
    if (message instanceof BusMessage.PresenceChanged p) {
      return BusMessages.presence(p.presence(), p.origin());
    }
    BusMessage.PresenceLeft p = (BusMessage.PresenceLeft) message;
    return BusMessages.presenceLeft(p.clientId(), p.origin());
  }
}
