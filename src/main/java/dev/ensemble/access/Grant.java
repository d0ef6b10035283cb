package dev.ensemble.access;

/**
 * What one credential gives in one room: a role, through the owner key or the link {@code via}
 * names, until {@code expiresAt} (epoch millis, or null for never).
 */
public record Grant(Role role, String via, Long expiresAt) {

  /** Everyone's grant in {@link AccessMode#OPEN}. */
  static final Grant OPEN = new Grant(Role.EDITOR, "open", null);

  static final String OWNER_KEY = "owner-key";

  public boolean hasExpired(long now) {
    return expiresAt != null && now >= expiresAt;
  }
}
