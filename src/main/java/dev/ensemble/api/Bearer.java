package dev.ensemble.api;

import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.WireException;

/** The key a REST call carries in {@code Authorization: Bearer <key>}. */
final class Bearer {

  private static final String SCHEME = "Bearer ";

  private Bearer() {}

  /**
   * The key, or null without the header.
   *
   * @throws WireException {@code unauthorized} for a header of another scheme
   */
  static String secret(String authorization) {
    if (authorization == null) {
      return null;
    }
    if (authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return authorization.substring(SCHEME.length()).strip();
    }
    throw new WireException(
        ErrorCodes.UNAUTHORIZED, "the Authorization header must be 'Bearer <key>'");
  }
}
