package dev.ensemble.api;

import dev.ensemble.access.AccessChanges;
import dev.ensemble.access.IssuedLink;
import dev.ensemble.access.Presented;
import dev.ensemble.access.Role;
import dev.ensemble.wire.Names;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A room's share links, for its owner: create one with a role and a lifetime, change its role,
 * revoke it. Changes reach the sessions that came through the link on every server.
 */
@Path("/rooms/{id}/links")
@Tag(name = "links")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RoomLinksResource {

  /** A new link; documents the body {@link #create} reads. */
  @Schema(name = "NewLink")
  public record NewLink(
      @Schema(
              required = true,
              enumeration = {"editor", "viewer"})
          String role,
      @Schema(
              minimum = "1",
              maximum = "31622400",
              description = "How long the link opens the room; until revoked when absent")
          Long expiresInSeconds) {}

  /** A link's new role; documents the body {@link #change} reads. */
  @Schema(name = "LinkRole")
  public record LinkRole(
      @Schema(
              required = true,
              enumeration = {"editor", "viewer"})
          String role) {}

  @Inject AccessChanges changes;

  /** {@code {"role": "editor" | "viewer", "expiresInSeconds"?: n}} → 201 with the secret. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Creates a share link",
      description =
          "Needs the role owner. The answer is the only one that shows the link's secret. At most"
              + " 100 links per room.")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = NewLink.class)))
  @APIResponse(
      responseCode = "201",
      description = "The link with its secret, at `Location`",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = LinkView.class)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_BODY)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.ROOM_NOT_FOUND)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public Response create(
      @Parameter(description = ApiDocs.ROOM_ID, schema = @Schema(pattern = ApiDocs.ROOM_ID_PATTERN))
          @PathParam("id")
          String id,
      @Context HttpServletRequest http,
      @Context UriInfo uri,
      String body) {
    String room = Names.requireRoomId(id);
    Presented secret = Presented.of(http);
    JsonObject request = RequestBodies.object(body);
    Role role = Role.grantable(RequestBodies.requiredString(request, "role"));
    Long seconds = RequestBodies.optionalPositive(request, "expiresInSeconds");
    IssuedLink issued =
        changes.createLink(
            room, secret, role, seconds == null ? null : Duration.ofSeconds(seconds));
    return Response.created(
            uri.getBaseUriBuilder().path("rooms/{id}/links/{link}").build(room, issued.link().id()))
        .entity(LinkView.issued(issued))
        .build();
  }

  /** {@code {"role": "editor" | "viewer"}} → the link. */
  @PATCH
  @Path("{link}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Gives a link another role",
      description = "Needs the role owner. The sessions that came through it follow at once.")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = LinkRole.class)))
  @APIResponse(
      responseCode = "200",
      description = "The link, without its secret",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = LinkView.class)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_BODY)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.LINK_NOT_FOUND)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public LinkView change(
      @Parameter(description = ApiDocs.ROOM_ID, schema = @Schema(pattern = ApiDocs.ROOM_ID_PATTERN))
          @PathParam("id")
          String id,
      @Parameter(description = "The link's id") @PathParam("link") String link,
      @Context HttpServletRequest http,
      String body) {
    String room = Names.requireRoomId(id);
    Presented secret = Presented.of(http);
    Role role = Role.grantable(RequestBodies.requiredString(RequestBodies.object(body), "role"));
    return LinkView.of(changes.changeLink(room, secret, link, role));
  }

  @DELETE
  @Path("{link}")
  @Operation(
      summary = "Revokes a link",
      description =
          "Needs the role owner. The sessions that came through it are closed with 4403 on every"
              + " server.")
  @APIResponse(responseCode = "204", description = "Revoked")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_ROOM_ID)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.LINK_NOT_FOUND)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public Response revoke(
      @Parameter(description = ApiDocs.ROOM_ID, schema = @Schema(pattern = ApiDocs.ROOM_ID_PATTERN))
          @PathParam("id")
          String id,
      @Parameter(description = "The link's id") @PathParam("link") String link,
      @Context HttpServletRequest http) {
    changes.revokeLink(Names.requireRoomId(id), Presented.of(http), link);
    return Response.noContent().build();
  }
}
