package dev.ensemble.access;

import java.util.List;
import java.util.Optional;

/**
 * Who may do what in one room, as kept in the store: the hash of the owner key and the room's share
 * links. {@code revision} counts the changes.
 */
public record RoomAccess(
    String room, String ownerKeyHash, List<ShareLink> links, long createdAt, long revision) {

  public RoomAccess {
    links = List.copyOf(links);
  }

  /** What {@code secret} gives at {@code now}: nothing if it is no key of this room or expired. */
  public Optional<Grant> grantFor(String secret, long now) {
    return secret == null ? Optional.empty() : grantForHash(Secrets.hash(secret), now);
  }

  /** Like {@link #grantFor(String, long)}, for a secret known by its hash. */
  public Optional<Grant> grantForHash(String hash, long now) {
    if (Secrets.same(ownerKeyHash, hash)) {
      return Optional.of(new Grant(Role.OWNER, Grant.OWNER_KEY, null));
    }
    // every link is compared, so that the time taken says nothing about which one matched
    ShareLink match = null;
    for (ShareLink link : links) {
      if (Secrets.same(link.secretHash(), hash)) {
        match = link;
      }
    }
    if (match == null || match.hasExpired(now)) {
      return Optional.empty();
    }
    return Optional.of(new Grant(match.role(), match.id(), match.expiresAt()));
  }

  public Optional<ShareLink> link(String id) {
    return links.stream().filter(l -> l.id().equals(id)).findFirst();
  }
}
