package dev.ensemble.web;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.metrics.ServerFigures;
import dev.ensemble.metrics.StatusReporter;
import dev.ensemble.store.StoreUnavailableException;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Json;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /admin/servers}: the latest figures of every server that reported lately, for the
 * status page ({@code status.html}). Only for the admin (see {@link AdminAccess}).
 */
@WebServlet("/admin/servers")
public class ServersServlet extends HttpServlet {

  @Inject EnsembleConfig config;
  @Inject StatusReporter status;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!AdminAccess.admits(config, request, response)) {
      return;
    }
    List<ServerFigures> servers;
    try {
      servers = status.servers();
    } catch (StoreUnavailableException e) {
      AdminAccess.error(response, 503, ErrorCodes.STORE_UNAVAILABLE, "the store is unreachable");
      return;
    }
    AdminAccess.write(
        response,
        Json.object(
            g -> {
              g.write("server", config.serverId());
              g.write("intervalMs", StatusReporter.INTERVAL.toMillis());
              g.writeStartArray("servers");
              for (ServerFigures f : servers) {
                g.writeStartObject()
                    .write("server", f.server())
                    .write("at", f.at())
                    .write("sessions", f.sessions())
                    .write("rooms", f.rooms())
                    .write("opsCommitted", f.opsCommitted())
                    .write("acks", f.acks())
                    .write("ackSeconds", f.ackSeconds())
                    .writeEnd();
              }
              g.writeEnd();
            }));
  }
}
