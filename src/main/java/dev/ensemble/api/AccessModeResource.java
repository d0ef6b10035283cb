package dev.ensemble.api;

import dev.ensemble.access.RoomGate;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** How people reach rooms on this server, so that the pages offer the right things. */
@Path("/access")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class AccessModeResource {

  /** {@code {"mode": "links" | "signin" | "open"}}. */
  public record Mode(String mode) {}

  @Inject RoomGate gate;

  @GET
  public Mode mode() {
    return new Mode(gate.mode().wireName());
  }
}
