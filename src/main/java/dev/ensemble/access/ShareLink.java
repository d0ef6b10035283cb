package dev.ensemble.access;

/**
 * A link to a room that gives its holder {@code role} until {@code expiresAt} (epoch millis, or
 * null for never) or until it is revoked. The store keeps the hash of its secret, not the secret.
 */
public record ShareLink(String id, Role role, String secretHash, long createdAt, Long expiresAt) {

  public boolean hasExpired(long now) {
    return expiresAt != null && now >= expiresAt;
  }

  public ShareLink withRole(Role newRole) {
    return new ShareLink(id, newRole, secretHash, createdAt, expiresAt);
  }
}
