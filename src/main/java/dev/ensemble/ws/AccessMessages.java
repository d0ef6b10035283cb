package dev.ensemble.ws;

import dev.ensemble.access.Role;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Json;

/** What a session hears about its access: its role, and the close codes of a refusal. */
final class AccessMessages {

  static final int UNAUTHORIZED = 4401;
  static final int FORBIDDEN = 4403;
  static final int NOT_FOUND = 4404;

  private AccessMessages() {}

  /** The session's role, and whether the room is archived (then nobody edits it). */
  static String role(Role role, boolean archived) {
    return Json.object(
        g -> g.write("type", "access").write("role", role.wireName()).write("archived", archived));
  }

  /** The close code for a refusal with an access error code. */
  static int closeCode(String errorCode) {
    if (ErrorCodes.NOT_SIGNED_IN.contains(errorCode)) {
      return UNAUTHORIZED;
    }
    return switch (errorCode) {
      case ErrorCodes.ROOM_NOT_FOUND -> NOT_FOUND;
      default -> FORBIDDEN;
    };
  }
}
