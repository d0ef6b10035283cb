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
import jakarta.ws.rs.PUT;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Rooms over REST: the ones the caller may open, creation, the current document, history and time
 * travel. Every call about one room needs a key that opens it (outside open mode).
 */
@Path("/rooms")
@Tag(name = "rooms")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RoomResource {

  /** A room active on this server. */
  public record RoomSummary(
      @Schema(required = true) String id,
      @Schema(required = true, description = "Monaco's language id") String language,
      @Schema(required = true, description = "Sessions open in the room on this server")
          int sessions,
      @Schema(required = true, description = "The room's head version") long v) {}

  /** A room just created; outside open mode with its owner key and first links. */
  public record CreatedRoom(
      @Schema(required = true) String id,
      @Schema(required = true) String language,
      @Schema(required = true, description = "0") long v,
      @Schema(required = true) String content,
      @Schema(
              description =
                  "links and signin mode: the owner key, shown only here; the bearer of every"
                      + " owner's call")
          String ownerKey,
      @Schema(
              description =
                  "links and signin mode: an edit link and a view link, with their secrets, shown"
                      + " only here")
          List<LinkView> links) {}

  /** What creates a room; documents the body {@link #create} reads. */
  @Schema(name = "NewRoom")
  public record NewRoom(
      @Schema(
              pattern = ApiDocs.ROOM_ID_PATTERN,
              description = "Without one the server picks a readable random id")
          String id,
      @Schema(
              pattern = "[a-z0-9][a-z0-9+#._-]{0,31}",
              description = "Monaco's language id, `plaintext` by default")
          String language,
      @Schema(description = "The first document, empty by default") String content) {}

  /** A committed operation as {@link #ops} writes it; documents that answer. */
  @Schema(name = "CommittedOp")
  public record CommittedOpView(
      @Schema(required = true, description = "The version this operation made") long v,
      @Schema(required = true, ref = "Operation") List<Object> op,
      @Schema(required = true, description = "The source that submitted it") String src,
      @Schema(required = true, description = "Its sequence number from that source") long seq,
      @Schema(required = true, description = "When it was committed, epoch milliseconds") long ts,
      @Schema(description = "The room's language after it, when it changed the language")
          String language) {}

  /** A room's document at one version. */
  public record RoomDocument(
      @Schema(required = true) String id,
      @Schema(required = true, description = "Monaco's language id at that version")
          String language,
      @Schema(required = true, description = "The version") long v,
      @Schema(required = true, description = "The document at that version") String content) {
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
  @Operation(
      summary = "The rooms the caller may open",
      description =
          "open mode: the rooms with sessions on this server; links mode: the room the bearer's key"
              + " opens, or none; signin mode: the caller's own rooms and those shared with them,"
              + " by id after `after`, `limit` per page.")
  @APIResponse(
      responseCode = "200",
      description = "The rooms, by id",
      content =
          @Content(
              mediaType = ApiDocs.JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = RoomSummary.class)))
  @APIResponse(
      responseCode = "400",
      description = "`limit` is not an integer from 1 to 200: `bad-parameter`.",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public List<RoomSummary> list(
      @Context HttpServletRequest http,
      @Parameter(description = "signin mode: list the rooms whose id comes after this one")
          @QueryParam("after")
          String after,
      @Parameter(
              description = "signin mode: rooms per page",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
          @QueryParam("limit")
          String limit) {
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
  @Operation(
      summary = "Creates a room",
      description =
          "Anyone who reaches the server in open and links mode; a signed-in person, who owns it,"
              + " in signin mode.")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = NewRoom.class)))
  @APIResponse(
      responseCode = "201",
      description = "The room, at `Location`",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = CreatedRoom.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "The body is not a JSON object (`bad-json`), the id does not match (`bad-room-id`), the"
              + " language does not (`bad-language`), or a field is not a string or the content"
              + " not a valid document (`bad-parameter`).",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(
      responseCode = "409",
      description = "A room with this id exists: `room-exists`.",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
  @APIResponse(
      responseCode = "413",
      description =
          "The content is longer than `ENSEMBLE_MAX_DOCUMENT_CHARS`: `document-too-large`.",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
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
  @Operation(summary = "The room's current document", description = "Needs the role viewer.")
  @APIResponse(
      responseCode = "200",
      description = "The document at the room's head version",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = RoomDocument.class)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_ROOM_ID)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.ROOM_NOT_FOUND)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public RoomDocument get(
      @Parameter(description = ApiDocs.ROOM_ID, schema = @Schema(pattern = ApiDocs.ROOM_ID_PATTERN))
          @PathParam("id")
          String id,
      @Context HttpServletRequest http) {
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
  @Operation(
      summary = "Committed operations with from < v <= to, in order",
      description = "Needs the role viewer. At most 10,000 operations per request.")
  @APIResponse(
      responseCode = "200",
      description = "The operations, in version order",
      content =
          @Content(
              mediaType = ApiDocs.JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = CommittedOpView.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "The room id does not match (`bad-room-id`), `from` or `to` is not a non-negative"
              + " integer or `from` > `to` (`bad-parameter`), `to` is after the head"
              + " (`future-version`), or the range is longer than 10,000 (`range-too-large`).",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.ROOM_NOT_FOUND)
  @APIResponse(responseCode = "410", ref = ApiDocs.HISTORY_FOLDED)
  @APIResponse(responseCode = "500", ref = ApiDocs.STORE_DIVERGED)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public Response ops(
      @Parameter(description = ApiDocs.ROOM_ID, schema = @Schema(pattern = ApiDocs.ROOM_ID_PATTERN))
          @PathParam("id")
          String id,
      @Parameter(
              description = "Operations after this version; 0 by default",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("from")
          String from,
      @Parameter(
              description = "Operations up to this version; the head by default",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("to")
          String to,
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
  @Operation(
      summary = "The document as it was at version v",
      description = "Needs the role viewer.")
  @APIResponse(
      responseCode = "200",
      description = "The document at version v",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = RoomDocument.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "The room id does not match (`bad-room-id`), `v` is missing or not a non-negative"
              + " integer (`bad-parameter`), or after the head (`future-version`).",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.ROOM_NOT_FOUND)
  @APIResponse(responseCode = "410", ref = ApiDocs.HISTORY_FOLDED)
  @APIResponse(responseCode = "500", ref = ApiDocs.STORE_DIVERGED)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public RoomDocument snapshot(
      @Parameter(description = ApiDocs.ROOM_ID, schema = @Schema(pattern = ApiDocs.ROOM_ID_PATTERN))
          @PathParam("id")
          String id,
      @Parameter(
              required = true,
              description = "The version",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("v")
          String v,
      @Context HttpServletRequest http) {
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
  @Operation(
      summary = "Deletes the room with its history",
      description =
          "Needs the role owner. Its sessions are closed with 4404 on every server; its data leaves"
              + " the store once every server has unloaded it.")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_ROOM_ID)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.ROOM_NOT_FOUND)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public Response delete(
      @Parameter(description = ApiDocs.ROOM_ID, schema = @Schema(pattern = ApiDocs.ROOM_ID_PATTERN))
          @PathParam("id")
          String id,
      @Context HttpServletRequest http) {
    changes.deleteRoom(Names.requireRoomId(id), Presented.of(http));
    return Response.noContent().build();
  }

  /** Whether a room is archived; documents the body {@link #archive} reads and its answer. */
  @Schema(name = "Archived")
  public record Archived(
      @Schema(description = "The room's id; in the answer only") String id,
      @Schema(required = true, description = "true: read-only for everyone; false: editable again")
          boolean archived) {}

  /** {@code {"archived": true | false}} → the room's id and whether it is archived now. */
  @PUT
  @Path("{id}/archived")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Archives the room (read-only) or takes it out of the archive",
      description =
          "Needs the role owner. While archived, every server refuses edits and language changes"
              + " with `room-archived` and tells the room's sessions in their `access` message;"
              + " reading, joining and the history work as before. Archiving an archived room"
              + " (or unarchiving one that is not) changes nothing and answers the same.")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Archived.class)))
  @APIResponse(
      responseCode = "200",
      description = "Whether the room is archived now",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Archived.class)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_BODY)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.ROOM_NOT_FOUND)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public Archived archive(
      @Parameter(description = ApiDocs.ROOM_ID, schema = @Schema(pattern = ApiDocs.ROOM_ID_PATTERN))
          @PathParam("id")
          String id,
      @Context HttpServletRequest http,
      String body) {
    String room = Names.requireRoomId(id);
    boolean archived = RequestBodies.requiredBoolean(RequestBodies.object(body), "archived");
    changes.archive(room, Presented.of(http), archived);
    return new Archived(room, archived);
  }

  /** The room id, once the caller's key was found to open the room. */
  private String viewable(String id, HttpServletRequest http) {
    String room = Names.requireRoomId(id);
    gate.require(room, Presented.of(http), Role.VIEWER);
    return room;
  }

  /** A query parameter that names a version or a count: a non-negative integer. */
  static long version(String name, String value) {
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
