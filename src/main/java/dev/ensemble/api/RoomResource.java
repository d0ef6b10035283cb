package dev.ensemble.api;

import dev.ensemble.room.RoomHistory;
import dev.ensemble.room.RoomManager;
import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.DocumentSnapshot;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Json;
import dev.ensemble.wire.JsonSupport;
import dev.ensemble.wire.Names;
import dev.ensemble.wire.WireException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriBuilder;
import java.io.StringReader;
import java.util.List;

/** Rooms over REST: the active ones, creation, the current document, history and time travel. */
@Path("/rooms")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RoomResource {

  /** A room active on this server. */
  public record RoomSummary(String id, String language, int sessions, long v) {}

  /** A room's document at one version. */
  public record RoomDocument(String id, String language, long v, String content) {
    static RoomDocument of(DocumentSnapshot s) {
      return new RoomDocument(s.room(), s.language(), s.v(), s.content());
    }
  }

  @Inject RoomManager rooms;
  @Inject RoomHistory history;

  /** Rooms with someone in them; a room stays in memory a while after its last session left. */
  @GET
  public List<RoomSummary> active() {
    return rooms.activeRooms().stream()
        .filter(r -> r.sessions() > 0)
        .map(r -> new RoomSummary(r.id(), r.language(), r.sessions(), r.v()))
        .toList();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String body) {
    JsonObject request = parseObject(body);
    DocumentSnapshot created =
        rooms.create(
            optionalString(request, "id"),
            optionalString(request, "language") == null
                ? Names.DEFAULT_LANGUAGE
                : optionalString(request, "language"),
            optionalString(request, "content"));
    return Response.created(UriBuilder.fromPath("/api/rooms/{id}").build(created.room()))
        .entity(RoomDocument.of(created))
        .build();
  }

  @GET
  @Path("{id}")
  public RoomDocument get(@PathParam("id") String id) {
    return RoomDocument.of(
        history
            .current(Names.requireRoomId(id))
            .orElseThrow(() -> new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + id)));
  }

  /**
   * The operations with {@code from < v <= to}, written as they are read from the store, a page at
   * a time.
   */
  @GET
  @Path("{id}/ops")
  public Response ops(
      @PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to) {
    String room = Names.requireRoomId(id);
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
  public RoomDocument snapshot(@PathParam("id") String id, @QueryParam("v") String v) {
    if (v == null) {
      throw new WireException(ErrorCodes.BAD_PARAMETER, "query parameter v is required");
    }
    return RoomDocument.of(history.at(Names.requireRoomId(id), version("v", v)));
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

  private static JsonObject parseObject(String body) {
    try (JsonReader reader =
        JsonSupport.PROVIDER.createReader(new StringReader(body == null ? "" : body))) {
      JsonValue value = reader.readValue();
      if (value instanceof JsonObject object) {
        return object;
      }
    } catch (JsonException e) {
      throw new WireException(ErrorCodes.BAD_JSON, "malformed JSON: " + e.getMessage());
    }
    throw new WireException(ErrorCodes.BAD_JSON, "the body must be a JSON object");
  }

  private static String optionalString(JsonObject request, String field) {
    JsonValue value = request.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString s) {
      return s.getString();
    }
    throw new WireException(ErrorCodes.BAD_PARAMETER, "field '" + field + "' must be a string");
  }
}
