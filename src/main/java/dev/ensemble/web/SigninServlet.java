package dev.ensemble.web;

import dev.ensemble.access.AccessMode;
import dev.ensemble.access.Credential;
import dev.ensemble.access.RoomGate;
import dev.ensemble.access.SignedIn;
import dev.ensemble.config.EnsembleConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.openid.JwtClaims;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The browser's sign-in, {@code /signin?to=/r/room}: sends the browser to the issuer, and once it
 * is back, keeps who signed in (name and groups) in the session and goes on to {@code to}, a path
 * of this application (the start page without one).
 */
@WebServlet("/signin")
public class SigninServlet extends HttpServlet {

  /** The session attribute that keeps {@code to} while the browser signs in at the issuer. */
  static final String DESTINATION = "dev.ensemble.signin.to";

  @Inject RoomGate gate;
  @Inject EnsembleConfig config;
  @Inject Instance<OpenIdContext> openId;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    if (gate.mode() != AccessMode.SIGNIN) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND, "nobody signs in on this server");
      return;
    }
    String to = parameter(request.getQueryString(), "to");
    if (request.getUserPrincipal() == null) {
      if (to != null) {
        request.getSession(true).setAttribute(DESTINATION, to);
      }
      if (!request.authenticate(response)) {
        return;
      }
    }
    SignedIn.remember(
        request, new Credential.Person(request.getUserPrincipal().getName(), groups()));
    HttpSession session = request.getSession(true);
    Object kept = session.getAttribute(DESTINATION);
    session.removeAttribute(DESTINATION);
    if (to == null && kept instanceof String destination) {
      to = destination;
    }
    response.sendRedirect(request.getContextPath() + destination(to));
  }

  /**
   * The value of {@code name} in {@code query}, or null. Read from the query string, never through
   * {@code getParameter}: once the browser is back from the issuer, Payara's sign-in mechanism
   * (Soteria 3.0.3) hands this servlet a replay of the request it saved before the sign-in, whose
   * {@code getParameter} fails with a NullPointerException and whose query string is gone. So the
   * destination is also kept in the session ({@link #DESTINATION}) across the round trip.
   */
  static String parameter(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      try {
        if (decode(equals < 0 ? pair : pair.substring(0, equals)).equals(name)) {
          return equals < 0 ? "" : decode(pair.substring(equals + 1));
        }
      } catch (IllegalArgumentException malformed) {
        return null;
      }
    }
    return null;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /**
   * Only a path inside this application, to follow its context path: never another site, nor a path
   * that climbs out of the application with dot segments (which browsers also read
   * percent-encoded), whatever the link said.
   */
  static String destination(String to) {
    if (to == null || !to.startsWith("/") || to.startsWith("//")) {
      return "/";
    }
    URI uri;
    try {
      uri = new URI(to);
    } catch (URISyntaxException e) {
      return "/";
    }
    for (String segment : uri.getPath().split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return "/";
      }
    }
    return to;
  }

  /**
   * The groups the issuer's tokens list for the person: the ID token's, else the access token's.
   */
  private Set<String> groups() {
    String claim = config.signin().orElseThrow().groupsClaim();
    Set<String> groups = new LinkedHashSet<>();
    OpenIdContext context = openId.get();
    for (JwtClaims claims :
        new JwtClaims[] {
          context.getIdentityToken().getJwtClaims(), context.getAccessToken().getJwtClaims()
        }) {
      if (groups.isEmpty() && claims != null) {
        groups.addAll(claims.getArrayStringClaim(claim));
      }
    }
    return groups;
  }
}
