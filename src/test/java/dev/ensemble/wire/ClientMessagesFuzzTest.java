package dev.ensemble.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ensemble.ot.Selection;
import java.util.Set;

/**
 * Whatever a client sends, decoding yields a well-formed message or a {@link WireException} with
 * one of the codes clients are told about; any other exception would reach the endpoint. Runs its
 * corpus in every test run; {@code JAZZER_FUZZ=1} fuzzes it (see the README).
 */
class ClientMessagesFuzzTest {

  private static final Set<String> CODES =
      Set.of(
          ErrorCodes.BAD_JSON,
          ErrorCodes.UNKNOWN_TYPE,
          ErrorCodes.BAD_MESSAGE,
          ErrorCodes.BAD_OP,
          ErrorCodes.BAD_LANGUAGE);

  @FuzzTest(maxDuration = "5m")
  void decode(byte[] frame) {
    ClientMessage message;
    try {
      message = ClientMessages.decode(new String(frame, UTF_8));
    } catch (WireException e) {
      assertTrue(CODES.contains(e.code()), e.code());
      return;
    }
    assertTrue(wellFormed(message), message::toString);
  }

  private static boolean wellFormed(ClientMessage message) {
    if (message instanceof ClientMessage.Submit s) {
      return s.v() >= 0 && s.seq() >= 0 && s.op() != null && s.src().matches("[A-Za-z0-9_-]{1,64}");
    }
    if (message instanceof ClientMessage.Catchup c) {
      return c.v() >= 0;
    }
    if (message instanceof ClientMessage.PresenceUpdate p) {
      return p.v() >= 0
          && p.name().length() <= 64
          && p.selections().size() <= 64
          && p.selections().stream().allMatch(ClientMessagesFuzzTest::nonNegative);
    }
    return Names.LANGUAGE.matcher(((ClientMessage.LanguageChange) message).language()).matches();
  }

  private static boolean nonNegative(Selection s) {
    return s.from() >= 0 && s.to() >= 0;
  }
}
