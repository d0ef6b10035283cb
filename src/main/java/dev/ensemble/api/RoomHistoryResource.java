package dev.ensemble.api;

import dev.ensemble.access.Presented;
import dev.ensemble.access.Role;
import dev.ensemble.access.RoomGate;
import dev.ensemble.history.BlameRun;
import dev.ensemble.history.HistorySpan;
import dev.ensemble.history.NamedVersion;
import dev.ensemble.room.RoomHistory;
import dev.ensemble.room.Timeline;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Names;
import dev.ensemble.wire.WireException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A room's history as people look at it: the timeline, who last changed each line, and named
 * versions. Reading needs the role viewer, naming a version the role editor.
 */
@Path("/rooms/{id}/history")
@Tag(name = "history")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RoomHistoryResource {

  /** Operations of one source in a span. */
  public record AuthorOps(
      @Schema(required = true, description = "The source that submitted them") String src,
      @Schema(required = true, description = "How many operations") int ops) {}

  /** A point of the timeline: the operations from < v <= to. */
  public record Change(
      @Schema(required = true, description = "The version before the first operation") long from,
      @Schema(required = true, description = "The version after the last operation") long to,
      @Schema(required = true, description = "When the first was committed, epoch milliseconds")
          long start,
      @Schema(required = true, description = "When the last was committed, epoch milliseconds")
          long end,
      @Schema(
              required = true,
              description =
                  "Who made them, most operations first; empty for a stretch no milestone covers"
                      + " and too long to read")
          List<AuthorOps> authors) {
    static Change of(HistorySpan span) {
      return new Change(
          span.from(),
          span.to(),
          span.start(),
          span.end(),
          span.authors().entrySet().stream()
              .sorted((a, b) -> b.getValue() - a.getValue())
              .map(e -> new AuthorOps(e.getKey(), e.getValue()))
              .toList());
    }
  }

  /** A version with a name. */
  @Schema(name = "NamedVersion")
  public record NamedVersionView(
      @Schema(required = true) long v,
      @Schema(required = true, maxLength = Names.MAX_VERSION_NAME) String name,
      @Schema(required = true, description = "When it was named, epoch milliseconds") long ts) {
    static NamedVersionView of(NamedVersion named) {
      return new NamedVersionView(named.v(), named.name(), named.ts());
    }
  }

  /** The timeline of a range of versions. */
  public record TimelineView(
      @Schema(required = true, description = "The room's head version") long v,
      @Schema(required = true) long from,
      @Schema(required = true) long to,
      @Schema(
              required = true,
              description = "Consecutive spans of operations covering the range, at most 200")
          List<Change> changes,
      @Schema(required = true, description = "The named versions in the range")
          List<NamedVersionView> versions,
      @Schema(required = true, description = NAMES) Map<String, String> names) {
    static TimelineView of(Timeline timeline, Map<String, String> names) {
      return new TimelineView(
          timeline.v(),
          timeline.from(),
          timeline.to(),
          timeline.changes().stream().map(Change::of).toList(),
          timeline.versions().stream().map(NamedVersionView::of).toList(),
          names);
    }

    static Set<String> sources(Timeline timeline) {
      Set<String> sources = new HashSet<>();
      timeline.changes().forEach(c -> sources.addAll(c.authors().keySet()));
      return sources;
    }
  }

  private static final String NAMES =
      "The name each source in the answer last gave itself in the room, by source; a source"
          + " that never gave one is left out";

  /** Lines in a row that one operation last changed. */
  public record BlameLines(
      @Schema(required = true, description = "How many lines") int count,
      @Schema(description = "Its source; absent for the room's first content") String src,
      @Schema(required = true, description = "The version it made; 0 for the first content") long v,
      @Schema(required = true, description = "When it was committed, epoch milliseconds") long ts) {
    static BlameLines of(BlameRun run) {
      return new BlameLines(run.lines(), run.author().src(), run.author().v(), run.author().ts());
    }
  }

  /** Who last changed each line at one version. */
  public record BlameView(
      @Schema(required = true) long v,
      @Schema(required = true, description = "The document's lines from the first, in runs")
          List<BlameLines> lines,
      @Schema(required = true, description = NAMES) Map<String, String> names) {}

  /** What names a version; documents the body {@link #name} reads. */
  @Schema(name = "NewNamedVersion")
  public record NewNamedVersion(
      @Schema(
              required = true,
              minLength = 1,
              maxLength = Names.MAX_VERSION_NAME,
              description = "One line; the spaces around it are dropped")
          String name,
      @Schema(minimum = "1", description = "The version to name; the head when absent") Long v) {}

  private static final String RANGE_ERRORS =
      "The room id does not match (`bad-room-id`), a version is not a non-negative integer or the"
          + " range is backwards (`bad-parameter`), or a version is after the head"
          + " (`future-version`).";

  @Inject RoomHistory history;
  @Inject RoomGate gate;

  @GET
  @Operation(
      summary = "The timeline of versions from to to",
      description =
          "Needs the role viewer. At most 200 consecutive spans of operations with their time and"
              + " authors, from the milestones where they cover the range, and the named"
              + " versions in it.")
  @APIResponse(
      responseCode = "200",
      description = "The timeline",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = TimelineView.class)))
  @APIResponse(
      responseCode = "400",
      description = RANGE_ERRORS,
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.ROOM_NOT_FOUND)
  @APIResponse(responseCode = "410", ref = ApiDocs.HISTORY_FOLDED)
  @APIResponse(responseCode = "500", ref = ApiDocs.STORE_DIVERGED)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public TimelineView timeline(
      @Parameter(description = ApiDocs.ROOM_ID, schema = @Schema(pattern = ApiDocs.ROOM_ID_PATTERN))
          @PathParam("id")
          String id,
      @Parameter(
              description = "The first version; 0 by default",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("from")
          String from,
      @Parameter(
              description = "The last version; the head by default",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
          @QueryParam("to")
          String to,
      @Context HttpServletRequest http) {
    String room = readable(id, http);
    Timeline timeline =
        history.timeline(
            room,
            from == null ? 0 : RoomResource.version("from", from),
            to == null ? null : RoomResource.version("to", to));
    return TimelineView.of(timeline, history.authorNames(room, TimelineView.sources(timeline)));
  }

  @GET
  @Path("blame")
  @Operation(
      summary = "Who last changed each line of the document at version v",
      description =
          "Needs the role viewer. Worked out from the latest milestone at or before v and the"
              + " operations after it.")
  @APIResponse(
      responseCode = "200",
      description = "The lines in runs",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = BlameView.class)))
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
  public BlameView blame(
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
    String room = readable(id, http);
    if (v == null) {
      throw new WireException(ErrorCodes.BAD_PARAMETER, "query parameter v is required");
    }
    long version = RoomResource.version("v", v);
    List<BlameLines> lines = history.blame(room, version).stream().map(BlameLines::of).toList();
    Set<String> sources = new HashSet<>();
    lines.stream().map(BlameLines::src).filter(Objects::nonNull).forEach(sources::add);
    return new BlameView(version, lines, history.authorNames(room, sources));
  }

  @GET
  @Path("versions")
  @Operation(
      summary = "The room's named versions",
      description = "Needs the role viewer. In version order, at most 1,000.")
  @APIResponse(
      responseCode = "200",
      description = "The named versions",
      content =
          @Content(
              mediaType = ApiDocs.JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = NamedVersionView.class)))
  @APIResponse(responseCode = "400", ref = ApiDocs.BAD_ROOM_ID)
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.ROOM_NOT_FOUND)
  @APIResponse(responseCode = "500", ref = ApiDocs.STORE_DIVERGED)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public List<NamedVersionView> versions(
      @Parameter(description = ApiDocs.ROOM_ID, schema = @Schema(pattern = ApiDocs.ROOM_ID_PATTERN))
          @PathParam("id")
          String id,
      @Context HttpServletRequest http) {
    return history.namedVersions(readable(id, http)).stream().map(NamedVersionView::of).toList();
  }

  @POST
  @Path("versions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Names a version",
      description =
          "Needs the role editor. Names the head unless `v` says which version; naming a named"
              + " version again renames it.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = ApiDocs.JSON,
              schema = @Schema(implementation = NewNamedVersion.class)))
  @APIResponse(
      responseCode = "201",
      description = "The named version",
      content =
          @Content(
              mediaType = ApiDocs.JSON,
              schema = @Schema(implementation = NamedVersionView.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "The body is not a JSON object (`bad-json`), the name is missing, empty, longer than"
              + " 100 characters or not one line (`bad-version-name`), `v` is not a positive"
              + " integer (`bad-parameter`) or after the head (`future-version`), or the room id"
              + " does not match (`bad-room-id`).",
      content =
          @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiError.class)))
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
  @APIResponse(responseCode = "404", ref = ApiDocs.ROOM_NOT_FOUND)
  @APIResponse(responseCode = "500", ref = ApiDocs.STORE_DIVERGED)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public Response name(
      @Parameter(description = ApiDocs.ROOM_ID, schema = @Schema(pattern = ApiDocs.ROOM_ID_PATTERN))
          @PathParam("id")
          String id,
      @Context HttpServletRequest http,
      String body) {
    String room = Names.requireRoomId(id);
    gate.require(room, Presented.of(http), Role.EDITOR);
    JsonObject request = RequestBodies.object(body);
    NamedVersion named =
        history.nameVersion(
            room,
            RequestBodies.optionalPositive(request, "v"),
            request.get("name") instanceof JsonString s ? s.getString() : null);
    return Response.status(Response.Status.CREATED).entity(NamedVersionView.of(named)).build();
  }

  /** The room id, once the caller's key was found to open the room. */
  private String readable(String id, HttpServletRequest http) {
    String room = Names.requireRoomId(id);
    gate.require(room, Presented.of(http), Role.VIEWER);
    return room;
  }
}
