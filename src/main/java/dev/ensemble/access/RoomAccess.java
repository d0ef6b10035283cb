package dev.ensemble.access;

import java.util.List;
import java.util.Optional;

/**
 * Who may do what in one room, as kept in the store: in links mode the hash of the owner key and
 * the room's share links; in signin mode the person who owns the room and whom it is shared with.
 * {@code revision} counts the changes. An {@code archived} room is read-only for everyone until its
 * owner unarchives it; its history stays readable.
 */
public record RoomAccess(
    String room,
    String ownerKeyHash,
    List<ShareLink> links,
    long createdAt,
    long revision,
    String owner,
    Sharing sharing,
    boolean archived) {

  public RoomAccess {
    links = List.copyOf(links);
    sharing = sharing == null ? Sharing.PRIVATE : sharing;
  }

  /** A room that is not archived. */
  public RoomAccess(
      String room,
      String ownerKeyHash,
      List<ShareLink> links,
      long createdAt,
      long revision,
      String owner,
      Sharing sharing) {
    this(room, ownerKeyHash, links, createdAt, revision, owner, sharing, false);
  }

  /** A room reached through links. */
  public RoomAccess(
      String room, String ownerKeyHash, List<ShareLink> links, long createdAt, long revision) {
    this(room, ownerKeyHash, links, createdAt, revision, null, Sharing.PRIVATE);
  }

  /** A room owned by a signed-in person. */
  public static RoomAccess ownedBy(String room, String owner, long createdAt) {
    return new RoomAccess(room, null, List.of(), createdAt, 0, owner, Sharing.PRIVATE);
  }

  /** What {@code credential} gives at {@code now}. */
  public Optional<Grant> grantFor(Credential credential, long now) {
    if (credential instanceof Credential.Key key) {
      return grantForHash(key.hash(), now);
    }
    if (credential instanceof Credential.LinkHolder holder) {
      return grantFor(holder, now);
    }
    return grantFor((Credential.Person) credential);
  }

  private Optional<Grant> grantFor(Credential.LinkHolder holder, long now) {
    Optional<Grant> own = grantFor(holder.person());
    Optional<Grant> linked =
        linkFor(holder.keyHash(), now)
            .map(
                link ->
                    new Grant(
                        link.role(),
                        holder.person().name() + " through link " + link.id(),
                        link.expiresAt()));
    if (own.isEmpty()) {
      return linked;
    }
    return linked.filter(l -> !own.get().role().includes(l.role())).or(() -> own);
  }

  private Optional<Grant> grantFor(Credential.Person person) {
    if (person.name().equals(owner)) {
      return Optional.of(new Grant(Role.OWNER, person.name(), null));
    }
    return sharing.roleOf(person).map(role -> new Grant(role, person.name(), null));
  }

  /** What {@code secret} gives at {@code now}: nothing if it is no key of this room or expired. */
  public Optional<Grant> grantFor(String secret, long now) {
    return secret == null ? Optional.empty() : grantForHash(Secrets.hash(secret), now);
  }

  /** Like {@link #grantFor(String, long)}, for a secret known by its hash. */
  public Optional<Grant> grantForHash(String hash, long now) {
    if (ownerKeyHash != null && Secrets.same(ownerKeyHash, hash)) {
      return Optional.of(new Grant(Role.OWNER, Grant.OWNER_KEY, null));
    }
    return linkFor(hash, now).map(link -> new Grant(link.role(), link.id(), link.expiresAt()));
  }

  /** The unexpired link whose secret hashes to {@code hash}. */
  private Optional<ShareLink> linkFor(String hash, long now) {
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
    return Optional.of(match);
  }

  public Optional<ShareLink> link(String id) {
    return links.stream().filter(l -> l.id().equals(id)).findFirst();
  }
}
