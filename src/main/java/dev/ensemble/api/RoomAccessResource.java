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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A room's access, for its owner: the links that open it (without their secrets) and, signed in,
 * its owner and whom it is shared with, which the owner replaces with a PUT.
 */
@Path("/rooms/{id}/access")
@Tag(name = "access")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RoomAccessResource {

  /** People and groups map to their role; {@code everyone} is the role of everyone signed in. */
  public record AccessView(
      @Schema(required = true) String id,
      @Schema(required = true, description = "The room's links, without their secrets")
          List<LinkView> links,
      @Schema(description = "signin mode: the person who owns the room") String owner,
      @Schema(required = true, description = "People by name, each with their role")
          Map<String, String> people,
      @Schema(required = true, description = "Groups by name, each with their role")
          Map<String, String> groups,
      @Schema(
              enumeration = {"editor", "viewer"},
              description = "The role of everyone signed in, if the room is shared with them")
          String everyone) {}

  /** Whom a room is shared with; documents the body {@link #share} reads. */
  @Schema(name = "Sharing")
  public record SharingChange(
      @Schema(description = "People by name, each with `editor` or `viewer`")
          Map<String, String> people,
      @Schema(description = "Groups by name, each with `editor` or `viewer`")
          Map<String, String> groups,
      @Schema(
              enumeration = {"editor", "viewer"},
              description = "The role of everyone signed in; none when absent or null")
          String everyone) {}

  /** At most this many people and groups in one room's sharing. */
  static final int MAX_SHARES = 1000;

  @Inject AccessChanges changes;

  @GET
  @Operation(
      summary = "The room's links (without their secrets) and whom it is shared with",
      description = "Needs the role owner.")
  @APIResponse(
      responseCode = "200",
      description = "The room's access",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = AccessView.class)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_ROOM_ID)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.ROOM_NOT_FOUND)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public AccessView get(
      @Parameter(description = ApiDocs.ROOM_ID, schema = @Schema(pattern = ApiDocs.ROOM_ID_PATTERN))
          @PathParam("id")
          String id,
      @Context HttpServletRequest http) {
    return view(changes.access(Names.requireRoomId(id), Presented.of(http)));
  }

  /** {@code {"people": {name: role}, "groups": {name: role}, "everyone": role | null}}. */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Replaces whom the room is shared with",
      description =
          "Needs the role owner, signin mode only. Sessions that lose access are closed with 4403,"
              + " the others follow the new roles, on every server.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = ApiDocs.JSON,
              schema = @Schema(implementation = SharingChange.class)))
  @APIResponse(
      responseCode = "200",
      description = "The room's access after the change",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = AccessView.class)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_BODY)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.ROOM_NOT_FOUND)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public AccessView share(
      @Parameter(description = ApiDocs.ROOM_ID, schema = @Schema(pattern = ApiDocs.ROOM_ID_PATTERN))
          @PathParam("id")
          String id,
      @Context HttpServletRequest http,
      String body) {
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
