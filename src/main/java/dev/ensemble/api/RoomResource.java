package dev.ensemble.api;

import dev.ensemble.access.AccessChanges;
import dev.ensemble.access.AccessMode;
import dev.ensemble.access.Credential;
import dev.ensemble.access.NewRoomAccess;
import dev.ensemble.access.Presented;
import dev.ensemble.access.Role;
import dev.ensemble.access.RoomGate;
import dev.ensemble.room.RoomHistory;
import dev.ensemble.room.RoomManager;
import dev.ensemble.room.RoomView;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Json;
import dev.ensemble.wire.JsonSupport;
import dev.ensemble.wire.Names;
import dev.ensemble.wire.WireException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonGenerator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;

/**
 * Rooms over REST: the ones the caller may open, creation, the current document, history and time
 * travel. Every call about one room needs a key that opens it (outside open mode).
 */
@Path("/rooms")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RoomResource {

  /** A room active on this server. */
  public record RoomSummary(String id, String language, int sessions, long v) {}

  /** A room just created; outside open mode with its owner key and first links. */
  public record CreatedRoom(
      String id, String language, long v, String content, String ownerKey, List<LinkView> links) {}

  /** A room's document at one version. */
  public record RoomDocument(String id, String language, long v, String content) {
    static RoomDocument of(DocumentSnapshot s) {
      return new RoomDocument(s.room(), s.language(), s.v(), s.content());
    }
  }

  @Inject RoomManager rooms;
  @Inject RoomHistory history;
  @Inject RoomGate gate;
  @Inject AccessChanges changes;

  /**
   * The rooms the caller may open. In open mode, the rooms with someone in them on this server (a
   * room stays in memory a while after its last session left); with links, the room the caller's
   * key opens: nobody else's; signed in, their own rooms and those shared with them, a page of
   * {@code limit} by id after {@code after}.
   */
  @GET
  public List<RoomSummary> list(
      @Context HttpServletRequest http,
      @QueryParam("after") String after,
      @QueryParam("limit") String limit) {
    if (gate.mode() == AccessMode.SIGNIN) {
      return gate.roomsOf(Presented.of(http), after, pageSize(limit)).stream()
          .flatMap(id -> history.current(id).stream())
          .map(this::summary)
          .toList();
    }
    if (gate.mode() == AccessMode.LINKS) {
      return gate.roomOpenedBy(Presented.of(http)).flatMap(history::current).stream()
          .map(this::summary)
          .toList();
    }
    return rooms.activeRooms().stream()
        .filter(r -> r.sessions() > 0)
        .map(r -> new RoomSummary(r.id(), r.language(), r.sessions(), r.v()))
        .toList();
  }

  /** Rooms per page of the list: {@code limit}, 50 by default, at most 200. */
  private static int pageSize(String limit) {
    if (limit == null) {
      return 50;
    }
    long size = version("limit", limit);
    if (size < 1 || size > 200) {
      throw new WireException(ErrorCodes.BAD_PARAMETER, "limit must be from 1 to 200");
    }
    return (int) size;
  }

  private RoomSummary summary(DocumentSnapshot document) {
    return new RoomSummary(
        document.room(), document.language(), sessions(document.room()), document.v());
  }

  private int sessions(String room) {
    return rooms.activeRoom(room).map(RoomView::sessions).orElse(0);
  }

  /**
   * Creates a room. Outside open mode the answer carries the owner key and an edit and a view link
   * with their secrets, which the server never shows again.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String body, @Context HttpServletRequest http, @Context UriInfo uri) {
    Credential.Person creator = gate.creator(Presented.of(http));
    JsonObject request = RequestBodies.object(body);
    DocumentSnapshot created =
        rooms.create(
            RequestBodies.optionalString(request, "id"),
            RequestBodies.optionalString(request, "language") == null
                ? Names.DEFAULT_LANGUAGE
                : RequestBodies.optionalString(request, "language"),
            RequestBodies.optionalString(request, "content"));
    Optional<NewRoomAccess> access = changes.createRoom(created.room(), creator);
    // absolute, from the application's base: servers resolve a relative Location differently
    return Response.created(uri.getBaseUriBuilder().path("rooms/{id}").build(created.room()))
        .entity(
            new CreatedRoom(
                created.room(),
                created.language(),
                created.v(),
                created.content(),
                access.map(NewRoomAccess::ownerKey).orElse(null),
                access.map(a -> a.links().stream().map(LinkView::issued).toList()).orElse(null)))
        .build();
  }

  @GET
  @Path("{id}")
  public RoomDocument get(@PathParam("id") String id, @Context HttpServletRequest http) {
    String room = viewable(id, http);
    return RoomDocument.of(
        history
            .current(room)
            .orElseThrow(() -> new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + id)));
  }

  /**
   * The operations with {@code from < v <= to}, written as they are read from the store, a page at
   * a time.
   */
  @GET
  @Path("{id}/ops")
  public Response ops(
      @PathParam("id") String id,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @Context HttpServletRequest http) {
    String room = viewable(id, http);
    long start = from == null ? 0 : version("from", from);
    long end = history.checkRange(room, start, to == null ? null : version("to", to));
    StreamingOutput body =
        out -> {
          try (JsonGenerator json = JsonSupport.PROVIDER.createGenerator(out)) {
            json.writeStartArray();
            history.ops(room, start, end, op -> write(json, op));
            json.writeEnd();
          }
        };
    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static void write(JsonGenerator json, CommittedOp op) {
    json.writeStartObject().write("v", op.v()).writeStartArray("op");
    Json.operation(json, op.op());
    json.writeEnd().write("src", op.src()).write("seq", op.seq()).write("ts", op.timestamp());
    if (op.language() != null) {
      json.write("language", op.language());
    }
    json.writeEnd();
  }

  @GET
  @Path("{id}/snapshot")
  public RoomDocument snapshot(
      @PathParam("id") String id, @QueryParam("v") String v, @Context HttpServletRequest http) {
    String room = viewable(id, http);
    if (v == null) {
      throw new WireException(ErrorCodes.BAD_PARAMETER, "query parameter v is required");
    }
    return RoomDocument.of(history.at(room, version("v", v)));
  }

  /**
   * Deletes the room with its history, for its owner: its sessions are closed on every server at
   * once, its data goes from the store shortly after.
   */
  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id, @Context HttpServletRequest http) {
    changes.deleteRoom(Names.requireRoomId(id), Presented.of(http));
    return Response.noContent().build();
  }

  /** The room id, once the caller's key was found to open the room. */
  private String viewable(String id, HttpServletRequest http) {
    String room = Names.requireRoomId(id);
    gate.require(room, Presented.of(http), Role.VIEWER);
    return room;
  }

  private static long version(String name, String value) {
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new WireException(
        ErrorCodes.BAD_PARAMETER, name + " must be a non-negative integer, got '" + value + "'");
  }
}
