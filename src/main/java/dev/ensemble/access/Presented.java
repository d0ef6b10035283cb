package dev.ensemble.access;

import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.WireException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What a request presents to be let into a room: a bearer key or token from its {@code
 * Authorization} header, or the person it was signed in as (by a token {@link BearerFilter}
 * checked, or by the browser's sign-in).
 */
public record Presented(String bearer, Credential.Person signedIn) {

  private static final String SCHEME = "Bearer ";

  /**
   * @throws WireException {@code unauthorized} for an {@code Authorization} header of another
   *     scheme
   */
  public static Presented of(HttpServletRequest request) {
    Credential.Person person =
        request.getUserPrincipal() instanceof PersonPrincipal p ? p.person() : null;
    return new Presented(bearer(request.getHeader("Authorization")), person);
  }

  /** The key or token of an {@code Authorization} header, or null without one. */
  static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    if (authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return authorization.substring(SCHEME.length()).strip();
    }
    throw new WireException(
        ErrorCodes.UNAUTHORIZED, "the Authorization header must be 'Bearer <key or token>'");
  }
}
