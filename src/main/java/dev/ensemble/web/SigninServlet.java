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
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The browser's sign-in, {@code /signin?to=/r/room}: sends the browser to the issuer, and once it
 * is back, keeps who signed in (name and groups) in the session and goes on to {@code to}, a path
 * of this application (the start page without one).
 */
@WebServlet("/signin")
public class SigninServlet extends HttpServlet {

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
    if (request.getUserPrincipal() == null && !request.authenticate(response)) {
      return;
    }
    SignedIn.remember(
        request, new Credential.Person(request.getUserPrincipal().getName(), groups()));
    response.sendRedirect(request.getContextPath() + destination(request.getParameter("to")));
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
