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

/**
 * A room's share links, for its owner: create one with a role and a lifetime, change its role,
 * revoke it. Changes reach the sessions that came through the link on every server.
 */
@Path("/rooms/{id}/links")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RoomLinksResource {

  @Inject AccessChanges changes;

  /** {@code {"role": "editor" | "viewer", "expiresInSeconds"?: n}} → 201 with the secret. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(
      @PathParam("id") String id,
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
  public LinkView change(
      @PathParam("id") String id,
      @PathParam("link") String link,
      @Context HttpServletRequest http,
      String body) {
    String room = Names.requireRoomId(id);
    Presented secret = Presented.of(http);
    Role role = Role.grantable(RequestBodies.requiredString(RequestBodies.object(body), "role"));
    return LinkView.of(changes.changeLink(room, secret, link, role));
  }

  @DELETE
  @Path("{link}")
  public Response revoke(
      @PathParam("id") String id,
      @PathParam("link") String link,
      @Context HttpServletRequest http) {
    changes.revokeLink(Names.requireRoomId(id), Presented.of(http), link);
    return Response.noContent().build();
  }
}
