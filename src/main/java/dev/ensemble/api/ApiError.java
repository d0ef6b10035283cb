package dev.ensemble.api;

import dev.ensemble.wire.ErrorCodes;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of every REST error. */
@Schema(
    name = "ApiError",
    description =
        "The body of every error answer: a stable code to act on and a message for people.")
public record ApiError(
    @Schema(
            required = true,
            description = "Stable; each error answer's description names the codes it may carry.",
            enumeration = {
              ErrorCodes.BAD_JSON,
              ErrorCodes.BAD_PARAMETER,
              ErrorCodes.BAD_ROOM_ID,
              ErrorCodes.BAD_LANGUAGE,
              ErrorCodes.FUTURE_VERSION,
              ErrorCodes.RANGE_TOO_LARGE,
              ErrorCodes.BAD_VERSION_NAME,
              ErrorCodes.DOCUMENT_TOO_LARGE,
              ErrorCodes.ROOM_NOT_FOUND,
              ErrorCodes.LINK_NOT_FOUND,
              ErrorCodes.ROOM_EXISTS,
              ErrorCodes.FORBIDDEN,
              ErrorCodes.UNAUTHORIZED,
              ErrorCodes.TOKEN_MALFORMED,
              ErrorCodes.TOKEN_ISSUER,
              ErrorCodes.TOKEN_SIGNATURE,
              ErrorCodes.TOKEN_EXPIRED,
              ErrorCodes.TOKEN_AUDIENCE,
              ErrorCodes.ISSUER_UNAVAILABLE,
              ErrorCodes.STORE_UNAVAILABLE,
              ErrorCodes.STORE_DIVERGED,
              ErrorCodes.HISTORY_FOLDED
            })
        String code,
    @Schema(required = true, description = "What was wrong, in words; not stable.")
        String message) {}
