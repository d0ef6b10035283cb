package dev.ensemble.api;

import dev.ensemble.access.RoomAccess;
import dev.ensemble.access.RoomGate;
import dev.ensemble.wire.Names;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** A room's access, for its owner: the links that open it, without their secrets. */
@Path("/rooms/{id}/access")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RoomAccessResource {

  public record AccessView(String id, List<LinkView> links) {}

  @Inject RoomGate gate;

  @GET
  public AccessView get(
      @PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    RoomAccess access = gate.access(Names.requireRoomId(id), Bearer.secret(authorization));
    return new AccessView(access.room(), access.links().stream().map(LinkView::of).toList());
  }
}
