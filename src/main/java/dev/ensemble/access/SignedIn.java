package dev.ensemble.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The person a browser signed in as, kept in its HTTP session from the sign-in on: the session
 * cookie then opens the WebSocket and the REST calls of the page.
 */
public final class SignedIn {

  private static final String ATTRIBUTE = "dev.ensemble.person";

  private SignedIn() {}

  public static void remember(HttpServletRequest request, Credential.Person person) {
    request.getSession(true).setAttribute(ATTRIBUTE, person);
  }

  /** The person the request's session signed in as, or null. */
  public static Credential.Person person(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? null : (Credential.Person) session.getAttribute(ATTRIBUTE);
  }
}
