package dev.ensemble.access;

import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Json;
import dev.ensemble.wire.WireException;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * In signin mode, checks the bearer token a program sends on the WebSocket handshake: a bad one is
 * refused with 401 and its code before the upgrade, a good one makes the person the session's
 * principal. A handshake without a token goes on; its hello must then say who it is.
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class BearerFilter extends HttpFilter {

  private static final String SCHEME = "Bearer ";

  @Inject RoomGate gate;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String authorization = request.getHeader("Authorization");
    if (gate.mode() != AccessMode.SIGNIN || authorization == null) {
      chain.doFilter(request, response);
      return;
    }
    Credential.Person person;
    try {
      if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
        throw new WireException(
            ErrorCodes.UNAUTHORIZED, "the Authorization header must be 'Bearer <token>'");
      }
      person =
          (Credential.Person) gate.credential(authorization.substring(SCHEME.length()).strip());
    } catch (WireException e) {
      refuse(response, HttpServletResponse.SC_UNAUTHORIZED, e.code(), e.getMessage());
      return;
    } catch (KeysUnavailableException e) {
      refuse(
          response,
          HttpServletResponse.SC_SERVICE_UNAVAILABLE,
          ErrorCodes.ISSUER_UNAVAILABLE,
          e.getMessage());
      return;
    }
    Principal principal = new PersonPrincipal(person);
    chain.doFilter(
        new HttpServletRequestWrapper(request) {
          @Override
          public Principal getUserPrincipal() {
            return principal;
          }

          @Override
          public String getRemoteUser() {
            return principal.getName();
          }
        },
        response);
  }

  private static void refuse(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    response.setStatus(status);
    if (status == HttpServletResponse.SC_UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(Json.object(g -> g.write("code", code).write("message", message)));
  }
}
