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
 * In signin mode, says who calls the REST API or opens a WebSocket: the person a bearer token names
 * (a bad token is refused with 401 and its code, before the upgrade of a handshake), else the
 * person the browser signed in as. Either becomes the request's principal. A request with neither
 * goes on; the resource or the hello must then refuse it.
 */
@WebFilter(
    urlPatterns = {"/ws/*", "/api/*"},
    asyncSupported = true)
public class BearerFilter extends HttpFilter {

  @Inject RoomGate gate;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (gate.mode() != AccessMode.SIGNIN) {
      chain.doFilter(request, response);
      return;
    }
    Credential.Person person;
    try {
      String bearer = Presented.bearer(request.getHeader("Authorization"));
      person =
          bearer == null ? SignedIn.person(request) : (Credential.Person) gate.credential(bearer);
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
    if (person == null) {
      chain.doFilter(request, response);
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
