package dev.ensemble.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The WebSocket protocol's contract, {@code META-INF/ensemble-protocol.json} (AsyncAPI 2.6), as the
 * server that speaks it has it, so that a client can check what it talks to.
 */
@Path("/protocol")
@Tag(name = "protocol")
@ApplicationScoped
public class ProtocolResource {

  static final String CONTRACT = "META-INF/ensemble-protocol.json";

  private static final byte[] BYTES = read();

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The WebSocket protocol of /ws/rooms/{roomId}, as an AsyncAPI 2.6 document",
      description =
          "Every message both ways with its fields and an example, every error code with its"
              + " meaning and every close code. Needs no key.")
  @SecurityRequirementsSet
  @APIResponse(
      responseCode = "200",
      description = "The AsyncAPI document; `info.version` is the protocol's version",
      content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
  @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
  public byte[] contract() {
    return BYTES.clone();
  }

  private static byte[] read() {
    try (InputStream in = ProtocolResource.class.getClassLoader().getResourceAsStream(CONTRACT)) {
      if (in == null) {
        throw new IllegalStateException(CONTRACT + " is missing from the application");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
