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

/**
 * {@code POST /admin/drain}: takes this server out of service (see {@link ServerDrain}) and answers
 * once every session is closed, so that a Kubernetes {@code preStop} hook or a script can stop the
 * server right after. Only for the admin (see {@link AdminAccess}).
 */
@WebServlet("/admin/drain")
public class DrainServlet extends HttpServlet {

  @Inject EnsembleConfig config;
  @Inject ServerDrain drain;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!AdminAccess.admits(config, request, response)) {
      return;
    }
    ServerDrain.Outcome outcome;
    try {
      outcome = drain.drain();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      AdminAccess.error(response, 503, ErrorCodes.SERVER_STOPPING, "interrupted while draining");
      return;
    }
    // sessions left open mean the drain is incomplete: a hook that checks the status should know
    response.setStatus(outcome.sessionsLeft() == 0 ? 200 : 503);
    AdminAccess.write(
        response,
        Json.object(
            g ->
                g.write("sessionsClosed", outcome.sessionsClosed())
                    .write("sessionsLeft", outcome.sessionsLeft())));
  }
}
