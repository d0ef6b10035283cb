package dev.ensemble.access;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.WireException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Decides who may do what in a room, for every entry point: the WebSocket hello, each message and
 * every REST call. Refusals are {@link WireException}s with the codes {@code unauthorized} (no
 * key), {@code forbidden} (a key that opens nothing here, or too little) and {@code
 * room-not-found}. {@link AccessChanges} changes what it decides by.
 */
@ApplicationScoped
public class RoomGate {

  @Inject EnsembleConfig config;
  @Inject AccessStore store;
  @Inject RoomVisits visits;
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
    return admission(room, credential).grant();
  }

  /** Like {@link #admit}, with whether the room is archived: read once, so the two agree. */
  private Admission admission(String room, Credential credential) {
    if (mode() == AccessMode.OPEN) {
      return new Admission(credential, Grant.OPEN, false);
    }
    if (credential == null) {
      throw new WireException(ErrorCodes.UNAUTHORIZED, "sign in, or send a bearer token");
    }
    RoomAccess access =
        store
            .find(room)
            .orElseThrow(
                () -> new WireException(ErrorCodes.ROOM_NOT_FOUND, "no room " + room + " here"));
    return new Admission(credential, grantIn(access, room, credential), access.archived());
  }

  private static Grant grantIn(RoomAccess access, String room, Credential credential) {
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

  /** Who enters a room, what they may do there, and whether the room is archived (read-only). */
  public record Admission(Credential credential, Grant grant, boolean archived) {}

  /**
   * Lets a WebSocket session into {@code room}: in signin mode the person {@code signedIn}, with
   * the share link whose secret the page brings (remembered, so that the room is in their list and
   * opens for them without the link while the link is valid) or one they came through before; in
   * links mode the key {@code secret}.
   *
   * @throws WireException unless that gives at least viewing
   */
  public Admission enter(String room, Credential.Person signedIn, String secret) {
    if (mode() != AccessMode.SIGNIN) {
      return admission(room, credential(secret));
    }
    if (signedIn == null) {
      throw new WireException(ErrorCodes.UNAUTHORIZED, "sign in, or send a bearer token");
    }
    boolean bringsLink = secret != null && !secret.isEmpty();
    Credential credential =
        bringsLink
            ? new Credential.LinkHolder(signedIn, Secrets.hash(secret))
            : remembered(room, signedIn);
    Admission admission = admission(room, credential);
    if (bringsLink && !admission.grant().via().equals(signedIn.name())) {
      visits.record(
          new RoomVisits.Visit(
              signedIn.name(), room, ((Credential.LinkHolder) credential).keyHash(), now()));
    }
    return admission;
  }

  /** The person, with the link they last came into {@code room} through, if any. */
  private Credential remembered(String room, Credential.Person person) {
    return visits
        .find(person.name(), room)
        .<Credential>map(v -> new Credential.LinkHolder(person, v.keyHash()))
        .orElse(person);
  }

  /**
   * What {@code presented} gives in {@code room}, which must include {@code least}.
   *
   * @throws WireException otherwise
   */
  public Grant require(String room, Presented presented, Role least) {
    Credential credential = credential(presented);
    if (credential instanceof Credential.Person person) {
      credential = remembered(room, person);
    }
    Grant grant = admit(room, credential);
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
   * In signin mode, the rooms the caller may open, by id after {@code after}, at most {@code
   * limit}: own ones, those shared with them, and those they opened through a link that is still
   * valid.
   */
  public List<String> roomsOf(Presented presented, String after, int limit) {
    Credential.Person person = (Credential.Person) credential(presented);
    long now = now();
    TreeSet<String> openable = new TreeSet<>();
    store.findOpenableBy(person, after, limit).stream()
        .filter(a -> a.grantFor(person, now).isPresent())
        .forEach(a -> openable.add(a.room()));
    for (RoomVisits.Visit visit : visits.of(person.name(), after, limit)) {
      Credential holder = new Credential.LinkHolder(person, visit.keyHash());
      store
          .find(visit.room())
          .filter(a -> a.grantFor(holder, now).isPresent())
          .ifPresent(a -> openable.add(a.room()));
    }
    return openable.stream().limit(limit).toList();
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

  /** The room's access as the store has it now, to check open sessions against. */
  public Optional<RoomAccess> current(String room) {
    return store.find(room);
  }

  static long now() {
    return System.currentTimeMillis();
  }
}
