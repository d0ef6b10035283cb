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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * How people reach rooms on this server, and who the caller is, so that pages offer the right
 * things.
 */
@Path("/access")
@Tag(name = "access")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class AccessModeResource {

  /**
   * {@code {"mode": "links" | "signin" | "open", "person"?: name}}: the person only for a caller
   * signed in (or with a bearer token) in signin mode.
   */
  public record Mode(
      @Schema(
              required = true,
              enumeration = {"links", "signin", "open"},
              description = "The server's `ENSEMBLE_ACCESS`")
          String mode,
      @Schema(description = "signin mode: the name of the signed-in caller") String person) {}

  @Inject RoomGate gate;

  @GET
  @Operation(
      summary = "How people reach rooms here, and who the caller is",
      description = "Needs no key in any mode; in signin mode a bad bearer token is refused.")
  @SecurityRequirementsSet
  @APIResponse(
      responseCode = "200",
      description = "The mode, and in signin mode the caller's name",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Mode.class)))
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public Mode mode(@Context HttpServletRequest http) {
    return new Mode(
        gate.mode().wireName(),
        http.getUserPrincipal() instanceof PersonPrincipal principal
            ? principal.person().name()
            : null);
  }
}
