package dev.ensemble.api;

import dev.ensemble.access.IssuedLink;
import dev.ensemble.access.ShareLink;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A share link as owners see it; {@code secret} only in the answer that created it, and {@code
 * expiresAt} (epoch millis) only for a link that expires.
 */
@Schema(name = "Link", description = "A share link")
public record LinkView(
    @Schema(required = true, description = "The link's id, in the paths of its calls") String id,
    @Schema(
            required = true,
            enumeration = {"editor", "viewer"})
        String role,
    @Schema(required = true, description = "When it was made, epoch milliseconds") long createdAt,
    @Schema(description = "When it stops opening the room, epoch milliseconds; never if absent")
        Long expiresAt,
    @Schema(
            description =
                "The secret that opens the room (the bearer of `key`), only in the answer that"
                    + " created the link")
        String secret) {

  static LinkView of(ShareLink link) {
    return new LinkView(
        link.id(), link.role().wireName(), link.createdAt(), link.expiresAt(), null);
  }

  static LinkView issued(IssuedLink issued) {
    ShareLink link = issued.link();
    return new LinkView(
        link.id(), link.role().wireName(), link.createdAt(), link.expiresAt(), issued.secret());
  }
}
