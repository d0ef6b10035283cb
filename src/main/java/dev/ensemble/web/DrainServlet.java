package dev.ensemble.web;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Json;
import dev.ensemble.ws.ServerDrain;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code POST /admin/drain}: takes this server out of service (see {@link ServerDrain}) and answers
 * once every session is closed, so that a Kubernetes {@code preStop} hook or a script can stop the
 * server right after. Only for a caller with the bearer token {@code ENSEMBLE_ADMIN_TOKEN}; without
 * one set, the endpoint is off. It is a servlet, outside {@code /api}, so that signin mode's bearer
 * check, which expects a token of the issuer, does not stand in its way.
 */
@WebServlet("/admin/drain")
public class DrainServlet extends HttpServlet {

  private static final String BEARER = "Bearer ";

  @Inject EnsembleConfig config;
  @Inject ServerDrain drain;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<String> token = config.adminToken();
    if (token.isEmpty()) {
      error(response, 404, ErrorCodes.ADMIN_DISABLED, "set ENSEMBLE_ADMIN_TOKEN to use this");
      return;
    }
    if (!presents(request, token.get())) {
      response.setHeader("WWW-Authenticate", "Bearer");
      error(response, 401, ErrorCodes.UNAUTHORIZED, "this needs the admin token as a bearer");
      return;
    }
    ServerDrain.Outcome outcome;
    try {
      outcome = drain.drain();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error(response, 503, ErrorCodes.SERVER_STOPPING, "interrupted while draining");
      return;
    }
    // sessions left open mean the drain is incomplete: a hook that checks the status should know
    response.setStatus(outcome.sessionsLeft() == 0 ? 200 : 503);
    write(
        response,
        Json.object(
            g ->
                g.write("sessionsClosed", outcome.sessionsClosed())
                    .write("sessionsLeft", outcome.sessionsLeft())));
  }

  private static boolean presents(HttpServletRequest request, String token) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    return MessageDigest.isEqual(
        header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  private static void error(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    response.setStatus(status);
    write(response, Json.object(g -> g.write("code", code).write("message", message)));
  }

  private static void write(HttpServletResponse response, String json) throws IOException {
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(json);
  }
}
