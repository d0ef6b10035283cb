package dev.ensemble.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The REST API lives under {@code /api}. Its OpenAPI document (MicroProfile OpenAPI) is built from
 * the annotations here and on the resources; the error answers that many operations share are
 * declared once, below, and referred to by name ({@link ApiDocs}).
 */
@ApplicationPath("/api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Ensemble REST API",
            version = "0.1.0",
            description =
                "Rooms of the Ensemble collaborative editor over REST: creating them, reading the"
                    + " document, its history and the document at any version, and managing who"
                    + " may open them. Editing goes over the WebSocket `/ws/rooms/{roomId}`,"
                    + " whose protocol is the AsyncAPI document"
                    + " `GET /api/protocol` answers with.\n\n"
                    + "Access depends on the server's `ENSEMBLE_ACCESS`: in `links` mode a call"
                    + " about a room sends the owner key or a share link's secret as"
                    + " `Authorization: Bearer <secret>` (scheme `key`); in `signin` mode a JWT of"
                    + " the OpenID Connect issuer (scheme `token`) or the session of a browser"
                    + " that signed in at `/signin`; in `open` mode nothing. The role a call"
                    + " needs (viewer, editor, owner) is in its description.\n\n"
                    + "Every error answer has the body `ApiError` with a stable `code`; bad input"
                    + " is a 4xx, never a 5xx.",
            license = @License(name = "See the project's repository")),
    tags = {
      @Tag(name = "rooms", description = "Rooms, their documents and their history"),
      @Tag(name = "access", description = "Who may open a room, and how"),
      @Tag(name = "links", description = "Share links, for a room's owner"),
      @Tag(name = "protocol", description = "The WebSocket protocol")
    },
    security = {@SecurityRequirement(name = "key"), @SecurityRequirement(name = "token")},
    components =
        @Components(
            securitySchemes = {
              @SecurityScheme(
                  securitySchemeName = "key",
                  type = SecuritySchemeType.HTTP,
                  scheme = "bearer",
                  description =
                      "`links` mode: the room's owner key or a share link's secret (256 random"
                          + " bits, base64url), as returned by `POST /api/rooms` and"
                          + " `POST /api/rooms/{id}/links`."),
              @SecurityScheme(
                  securitySchemeName = "token",
                  type = SecuritySchemeType.HTTP,
                  scheme = "bearer",
                  bearerFormat = "JWT",
                  description =
                      "`signin` mode: a JWT of `ENSEMBLE_OIDC_ISSUER` whose `aud` contains"
                          + " `ENSEMBLE_OIDC_AUDIENCE`.")
            },
            responses = {
              @APIResponse(
                  name = ApiDocs.BAD_ROOM_ID,
                  responseCode = "400",
                  description = ApiDocs.BAD_ROOM_ID_TEXT,
                  content =
                      @Content(
                          mediaType = ApiDocs.JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = ApiDocs.BAD_BODY,
                  responseCode = "400",
                  description = ApiDocs.BAD_BODY_TEXT,
                  content =
                      @Content(
                          mediaType = ApiDocs.JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = ApiDocs.UNAUTHORIZED,
                  responseCode = "401",
                  description = ApiDocs.UNAUTHORIZED_TEXT,
                  content =
                      @Content(
                          mediaType = ApiDocs.JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = ApiDocs.FORBIDDEN,
                  responseCode = "403",
                  description = ApiDocs.FORBIDDEN_TEXT,
                  content =
                      @Content(
                          mediaType = ApiDocs.JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = ApiDocs.ROOM_NOT_FOUND,
                  responseCode = "404",
                  description = ApiDocs.ROOM_NOT_FOUND_TEXT,
                  content =
                      @Content(
                          mediaType = ApiDocs.JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = ApiDocs.LINK_NOT_FOUND,
                  responseCode = "404",
                  description = ApiDocs.LINK_NOT_FOUND_TEXT,
                  content =
                      @Content(
                          mediaType = ApiDocs.JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = ApiDocs.HISTORY_FOLDED,
                  responseCode = "410",
                  description = ApiDocs.HISTORY_FOLDED_TEXT,
                  content =
                      @Content(
                          mediaType = ApiDocs.JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = ApiDocs.STORE_DIVERGED,
                  responseCode = "500",
                  description = ApiDocs.STORE_DIVERGED_TEXT,
                  content =
                      @Content(
                          mediaType = ApiDocs.JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = ApiDocs.UNAVAILABLE,
                  responseCode = "503",
                  description = ApiDocs.UNAVAILABLE_TEXT,
                  content =
                      @Content(
                          mediaType = ApiDocs.JSON,
                          schema = @Schema(implementation = ApiError.class)))
            }))
public class RestApplication extends Application {}
