package dev.ensemble.api;

import dev.ensemble.access.AccessChanges;
import dev.ensemble.access.Presented;
import dev.ensemble.access.Role;
import dev.ensemble.access.RoomAccess;
import dev.ensemble.access.Sharing;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Names;
import dev.ensemble.wire.WireException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A room's access, for its owner: the links that open it (without their secrets) and, signed in,
 * its owner and whom it is shared with, which the owner replaces with a PUT.
 */
@Path("/rooms/{id}/access")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RoomAccessResource {

  /** People and groups map to their role; {@code everyone} is the role of everyone signed in. */
  public record AccessView(
      String id,
      List<LinkView> links,
      String owner,
      Map<String, String> people,
      Map<String, String> groups,
      String everyone) {}

  /** At most this many people and groups in one room's sharing. */
  static final int MAX_SHARES = 1000;

  @Inject AccessChanges changes;

  @GET
  public AccessView get(@PathParam("id") String id, @Context HttpServletRequest http) {
    return view(changes.access(Names.requireRoomId(id), Presented.of(http)));
  }

  /** {@code {"people": {name: role}, "groups": {name: role}, "everyone": role | null}}. */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public AccessView share(
      @PathParam("id") String id, @Context HttpServletRequest http, String body) {
    String room = Names.requireRoomId(id);
    Presented secret = Presented.of(http);
    JsonObject request = RequestBodies.object(body);
    String everyone = RequestBodies.optionalString(request, "everyone");
    changes.share(
        room,
        secret,
        new Sharing(
            roles(request, "people"),
            roles(request, "groups"),
            everyone == null ? null : Role.grantable(everyone)));
    return view(changes.access(room, secret));
  }

  private static Map<String, Role> roles(JsonObject request, String field) {
    JsonValue value = request.get(field);
    if (value == null || value == JsonValue.NULL) {
      return Map.of();
    }
    if (!(value instanceof JsonObject grants) || grants.size() > MAX_SHARES) {
      throw new WireException(
          ErrorCodes.BAD_PARAMETER,
          "field '" + field + "' must map at most " + MAX_SHARES + " names to roles");
    }
    Map<String, Role> roles = new TreeMap<>();
    grants.forEach(
        (name, role) -> {
          if (name.isBlank() || name.length() > 256 || !(role instanceof JsonString r)) {
            throw new WireException(
                ErrorCodes.BAD_PARAMETER,
                "field '" + field + "' must map names of 1 to 256 characters to roles");
          }
          roles.put(name, Role.grantable(r.getString()));
        });
    return roles;
  }

  private static AccessView view(RoomAccess access) {
    return new AccessView(
        access.room(),
        access.links().stream().map(LinkView::of).toList(),
        access.owner(),
        names(access.sharing().people()),
        names(access.sharing().groups()),
        access.sharing().everyone() == null ? null : access.sharing().everyone().wireName());
  }

  private static Map<String, String> names(Map<String, Role> roles) {
    Map<String, String> names = new TreeMap<>();
    roles.forEach((name, role) -> names.put(name, role.wireName()));
    return names;
  }
}
