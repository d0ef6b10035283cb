package dev.ensemble.api;

import dev.ensemble.access.IssuedLink;
import dev.ensemble.access.ShareLink;

/**
 * A share link as owners see it; {@code secret} only in the answer that created it, and {@code
 * expiresAt} (epoch millis) only for a link that expires.
 */
public record LinkView(String id, String role, long createdAt, Long expiresAt, String secret) {

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
