package dev.ensemble.access;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.config.ServerThreads;
import dev.ensemble.room.RoomManager;
import dev.ensemble.store.OperationStore;
import dev.ensemble.store.StoreUnavailableException;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.WireException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Decides who may do what in a room, for every entry point: the WebSocket hello, each message and
 * every REST call. Refusals are {@link WireException}s with the codes {@code unauthorized} (no
 * key), {@code forbidden} (a key that opens nothing here, or too little) and {@code
 * room-not-found}. Changes of access are announced to every server.
 */
@ApplicationScoped
public class RoomGate {

  /** A room's links, at most: each check compares against all of them. */
  static final int MAX_LINKS = 100;

  /** After the rooms' idle grace, how long a deleted room's data waits before it goes. */
  static final Duration PURGE_MARGIN = Duration.ofSeconds(5);

  private static final int PURGE_ATTEMPTS = 10;
  private static final Logger LOG = Logger.getLogger(RoomGate.class.getName());

  /** How long a link may live, at most. */
  static final Duration MAX_LINK_LIFETIME = Duration.ofDays(366);

  @Inject EnsembleConfig config;
  @Inject AccessStore store;
  @Inject RoomManager rooms;
  @Inject Audit audit;
  @Inject OperationStore operations;
  @Inject ServerThreads threads;
  private JwtValidator validator;

  public AccessMode mode() {
    return config.accessMode();
  }

  @PostConstruct
  void start() {
    validator = config.signin().map(s -> new JwtValidator(s, Clock.systemUTC())).orElse(null);
  }

  /**
   * What a caller presents, as a credential: in links mode a key, in signin mode the person its
   * bearer token names; null in open mode, where nobody needs one.
   *
   * @throws WireException {@code unauthorized} without one, a token code for a bad token
   * @throws KeysUnavailableException when the issuer's keys cannot be fetched
   */
  public Credential credential(String presented) {
    return switch (mode()) {
      case OPEN -> null;
      case SIGNIN -> validator.validate(presented);
      case LINKS -> {
        if (presented == null || presented.isEmpty()) {
          throw new WireException(
              ErrorCodes.UNAUTHORIZED, "rooms here are reached through a link; this has none");
        }
        yield new Credential.Key(Secrets.hash(presented));
      }
    };
  }

  /** What a request presents, as a credential: the person it was signed in as, or its bearer. */
  public Credential credential(Presented presented) {
    if (mode() == AccessMode.SIGNIN && presented.signedIn() != null) {
      return presented.signedIn();
    }
    return credential(presented.bearer());
  }

  /**
   * What {@code credential} gives in {@code room}.
   *
   * @throws WireException unless it gives at least viewing
   */
  public Grant admit(String room, Credential credential) {
    if (mode() == AccessMode.OPEN) {
      return Grant.OPEN;
    }
    if (credential == null) {
      throw new WireException(ErrorCodes.UNAUTHORIZED, "sign in, or send a bearer token");
    }
    RoomAccess access =
        store
            .find(room)
            .orElseThrow(
                () -> new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + room + " here"));
    return access
        .grantFor(credential, now())
        .orElseThrow(
            () ->
                new WireException(
                    ErrorCodes.FORBIDDEN,
                    credential instanceof Credential.Person person
                        ? person.name() + " has no access to room " + room + "; ask its owner"
                        : "this link does not open room "
                            + room
                            + ": it was revoked, has expired, or is not one of the room's"));
  }

  /**
   * What {@code presented} gives in {@code room}, which must include {@code least}.
   *
   * @throws WireException otherwise
   */
  public Grant require(String room, Presented presented, Role least) {
    Grant grant = admit(room, credential(presented));
    if (!grant.role().includes(least)) {
      throw new WireException(
          ErrorCodes.FORBIDDEN,
          "this needs the role "
              + least.wireName()
              + "; the caller has "
              + grant.role().wireName());
    }
    return grant;
  }

  /**
   * Who creates a room: in signin mode the person the token names, who will own it; nobody in the
   * other modes, where anyone who reaches the server may create rooms.
   */
  public Credential.Person creator(Presented presented) {
    return mode() == AccessMode.SIGNIN ? (Credential.Person) credential(presented) : null;
  }

  /**
   * Gives a room just created its access: with links, its owner key, an edit link and a view link;
   * signed in, its {@code creator} as owner and nobody else; nothing in {@link AccessMode#OPEN}.
   */
  public Optional<NewRoomAccess> createRoom(String room, Credential.Person creator) {
    if (mode() == AccessMode.OPEN) {
      audit.roomCreated(room, Grant.OPEN.via());
      return Optional.empty();
    }
    if (mode() == AccessMode.SIGNIN) {
      store.create(RoomAccess.ownedBy(room, creator.name(), now()));
      audit.roomCreated(room, creator.name());
      return Optional.empty();
    }
    String ownerKey = Secrets.generate();
    long now = now();
    IssuedLink edit = issue(Role.EDITOR, now, null);
    IssuedLink view = issue(Role.VIEWER, now, null);
    store.create(
        new RoomAccess(room, Secrets.hash(ownerKey), List.of(edit.link(), view.link()), now, 0));
    audit.roomCreated(room, Grant.OWNER_KEY);
    audit.linkCreated(room, Grant.OWNER_KEY, edit.link());
    audit.linkCreated(room, Grant.OWNER_KEY, view.link());
    return Optional.of(new NewRoomAccess(ownerKey, List.of(edit, view)));
  }

  /** The room's access, for its owner. */
  public RoomAccess access(String room, Presented secret) {
    require(room, secret, Role.OWNER);
    return store
        .find(room)
        .orElseThrow(() -> new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + room));
  }

  /**
   * Creates a link that gives {@code role}, for {@code lifetime} or (null) until revoked.
   *
   * @throws WireException unless {@code secret} is the owner key; for too many links or too long a
   *     lifetime
   */
  public IssuedLink createLink(String room, Presented secret, Role role, Duration lifetime) {
    Grant owner = require(room, secret, Role.OWNER);
    if (mode() != AccessMode.LINKS) {
      throw new WireException(
          ErrorCodes.BAD_PARAMETER, "share links are for links mode; share with people instead");
    }
    if (lifetime != null
        && (lifetime.isNegative()
            || lifetime.isZero()
            || lifetime.compareTo(MAX_LINK_LIFETIME) > 0)) {
      throw new WireException(
          ErrorCodes.BAD_PARAMETER,
          "a link lives from 1 second to " + MAX_LINK_LIFETIME.toDays() + " days");
    }
    if (access(room, secret).links().size() >= MAX_LINKS) {
      throw new WireException(
          ErrorCodes.BAD_PARAMETER, "a room has at most " + MAX_LINKS + " links; revoke some");
    }
    long now = now();
    IssuedLink issued = issue(role, now, lifetime == null ? null : now + lifetime.toMillis());
    if (!store.addLink(room, issued.link())) {
      throw new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + room);
    }
    audit.linkCreated(room, owner.via(), issued.link());
    return issued;
  }

  /** Gives a link another role; the sessions that came through it follow at once. */
  public ShareLink changeLink(String room, Presented secret, String linkId, Role role) {
    Grant owner = require(room, secret, Role.OWNER);
    if (!store.setLinkRole(room, linkId, role)) {
      throw noLink(room, linkId);
    }
    audit.linkChanged(room, owner.via(), linkId, role);
    rooms.announceAccessChange(room);
    return access(room, secret).link(linkId).orElseThrow(() -> noLink(room, linkId));
  }

  /** Revokes a link; the sessions that came through it are closed on every server. */
  public void revokeLink(String room, Presented secret, String linkId) {
    Grant owner = require(room, secret, Role.OWNER);
    if (!store.removeLink(room, linkId)) {
      throw noLink(room, linkId);
    }
    audit.linkRevoked(room, owner.via(), linkId);
    rooms.announceAccessChange(room);
  }

  /**
   * Shares a room with people, groups or everyone signed in, replacing whom it was shared with;
   * sessions that lose access are closed, those whose role changed follow, on every server.
   */
  public void share(String room, Presented presented, Sharing sharing) {
    if (mode() != AccessMode.SIGNIN) {
      throw new WireException(
          ErrorCodes.BAD_PARAMETER, "rooms are shared with people only in signin mode");
    }
    Grant owner = require(room, presented, Role.OWNER);
    if (!store.setSharing(room, sharing)) {
      throw new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + room);
    }
    audit.shared(room, owner.via(), sharing);
    rooms.announceAccessChange(room);
  }

  /**
   * In signin mode, the rooms the caller may open, by id after {@code after}, at most {@code
   * limit}: own ones and those shared with them.
   */
  public List<String> roomsOf(Presented presented, String after, int limit) {
    Credential.Person person = (Credential.Person) credential(presented);
    long now = now();
    return store.findOpenableBy(person, after, limit).stream()
        .filter(a -> a.grantFor(person, now).isPresent())
        .map(RoomAccess::room)
        .toList();
  }

  /** The room {@code secret} opens, with what it gives there; none for no key or in open mode. */
  public Optional<String> roomOpenedBy(Presented presented) {
    String secret = presented.bearer();
    if (mode() != AccessMode.LINKS || secret == null) {
      return Optional.empty();
    }
    long now = now();
    return store
        .findByKeyHash(Secrets.hash(secret))
        .filter(a -> a.grantFor(secret, now).isPresent())
        .map(RoomAccess::room);
  }

  /**
   * Deletes a room: at once nobody reaches it any more and its sessions are closed on every server;
   * its operations, milestones and document go once every server has unloaded it (the rooms' idle
   * grace and a margin), so that no commit still under way writes behind the delete.
   */
  public void deleteRoom(String room, Presented secret) {
    Grant owner = require(room, secret, Role.OWNER);
    if (!store.delete(room)) {
      throw new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + room);
    }
    audit.roomDeleted(room, owner.via());
    rooms.announceAccessChange(room);
    purgeLater(room, 1);
  }

  private void purgeLater(String room, int attempt) {
    threads
        .scheduler()
        .schedule(
            () -> {
              try {
                operations.deleteRoom(room);
              } catch (StoreUnavailableException e) {
                if (attempt < PURGE_ATTEMPTS) {
                  purgeLater(room, attempt + 1);
                } else {
                  LOG.warning(
                      () ->
                          "could not delete the data of room "
                              + room
                              + " ("
                              + e.getMessage()
                              + "); nobody reaches it, but its operations, milestones and"
                              + " document are still in the store");
                }
              }
            },
            config.roomIdle().plus(PURGE_MARGIN).toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** The room's access as the store has it now, to check open sessions against. */
  public Optional<RoomAccess> current(String room) {
    return store.find(room);
  }

  private static WireException noLink(String room, String linkId) {
    return new WireException(ErrorCodes.LINK_NOT_FOUND, "room " + room + " has no link " + linkId);
  }

  private static IssuedLink issue(Role role, long now, Long expiresAt) {
    String secret = Secrets.generate();
    return new IssuedLink(
        new ShareLink(Secrets.id(), role, Secrets.hash(secret), now, expiresAt), secret);
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
