package dev.ensemble.access;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Json;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a WebSocket handshake from a page of another site with 403, before the container upgrades
 * the connection: checking in the endpoint would come after the browser already holds a socket.
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class OriginFilter extends HttpFilter {

  @Inject EnsembleConfig config;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String origin = request.getHeader("Origin");
    if (config.allowedOrigins().allows(origin, request.getHeader("Host"))) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    String message =
        "pages of "
            + origin
            + " may not open rooms here; list the origin in "
            + OriginPolicy.SETTING;
    response
        .getWriter()
        .write(
            Json.object(
                g -> g.write("code", ErrorCodes.FORBIDDEN_ORIGIN).write("message", message)));
  }
}
