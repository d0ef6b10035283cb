package dev.ensemble.api;

import dev.ensemble.access.PersonPrincipal;
import dev.ensemble.access.RoomGate;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * How people reach rooms on this server, and who the caller is, so that pages offer the right
 * things.
 */
@Path("/access")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class AccessModeResource {

  /**
   * {@code {"mode": "links" | "signin" | "open", "person"?: name}}: the person only for a caller
   * signed in (or with a bearer token) in signin mode.
   */
  public record Mode(String mode, String person) {}

  @Inject RoomGate gate;

  @GET
  public Mode mode(@Context HttpServletRequest http) {
    return new Mode(
        gate.mode().wireName(),
        http.getUserPrincipal() instanceof PersonPrincipal principal
            ? principal.person().name()
            : null);
  }
}
