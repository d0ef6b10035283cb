package dev.ensemble.room;

import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.StoreUnavailableException;
import dev.ensemble.wire.BusMessage;
import dev.ensemble.wire.BusMessages;
import dev.ensemble.wire.ClientMessage;
import dev.ensemble.wire.Presence;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where everyone in a room is, local or on other servers: kept at the head version, relayed to the
 * local sessions and to the other servers, repeated now and then so that the presence of a server
 * that died without a word expires.
 */
final class RoomPresence {

  private final String room;
  private final RoomContext context;
  private final RoomSessions sessions;
  private final RoomLog log;
  private final PresenceBook book = new PresenceBook();

  /** The name each local source last gave itself here, as kept for the room's history. */
  private final Map<String, String> authorNames = new ConcurrentHashMap<>();

  RoomPresence(String room, RoomContext context, RoomSessions sessions, RoomLog log) {
    this.room = room;
    this.context = context;
    this.sessions = sessions;
    this.log = log;
  }

  Collection<Presence> all() {
    return book.all();
  }

  /** A local client moved its caret or selection. */
  void update(Peer peer, ClientMessage.PresenceUpdate update) {
    Presence current =
        toHead(
            new Presence(
                peer.clientId(), update.name(), update.color(), update.v(), update.selections()));
    book.put(current, serverId(), System.currentTimeMillis());
    sessions.broadcast(new ServerMessage.PresenceChanged(current), peer);
    context.bus().publish(room, BusMessages.presence(current, serverId()));
    keepAuthorName(peer.src(), update.name());
  }

  /**
   * Keeps who a source is for the room's history, which stores sources only: once per new name, off
   * the room's thread, and a name that could not be kept is tried again with the next update.
   */
  private void keepAuthorName(String src, String name) {
    if (name.isEmpty() || name.equals(authorNames.put(src, name))) {
      return;
    }
    context
        .executor()
        .execute(
            () -> {
              try {
                context.store().nameAuthor(room, src, name);
              } catch (StoreUnavailableException e) {
                authorNames.remove(src, name);
              }
            });
  }

  /** A local client left. */
  void left(Peer peer) {
    if (book.remove(peer.clientId())) {
      sessions.broadcast(new ServerMessage.PresenceLeft(peer.clientId()));
      context.bus().publish(room, BusMessages.presenceLeft(peer.clientId(), serverId()));
    }
  }

  /** Presence another server relayed. */
  void fromBus(BusMessage message) {
    if (message instanceof BusMessage.PresenceChanged p && !serverId().equals(p.origin())) {
      Presence current = toHead(p.presence());
      book.put(current, p.origin(), System.currentTimeMillis());
      sessions.broadcast(new ServerMessage.PresenceChanged(current));
    } else if (message instanceof BusMessage.PresenceLeft p
        && !serverId().equals(p.origin())
        && book.remove(p.clientId())) {
      sessions.broadcast(new ServerMessage.PresenceLeft(p.clientId()));
    }
  }

  /**
   * Repeats the presence of this server's clients to the others, and forgets the presence that
   * other servers stopped repeating: their server is gone.
   */
  void refresh(long maxAgeMillis) {
    for (Presence mine : book.of(serverId())) {
      context.bus().publish(room, BusMessages.presence(mine, serverId()));
    }
    for (String gone : book.expire(serverId(), System.currentTimeMillis() - maxAgeMillis)) {
      sessions.broadcast(new ServerMessage.PresenceLeft(gone));
    }
  }

  void moveThrough(CommittedOp op) {
    book.transform(op.op(), op.v());
  }

  /** A presence stamped with an older version, moved to the head through the recent operations. */
  private Presence toHead(Presence p) {
    long head = log.version();
    if (p.v() >= head) {
      return p;
    }
    Presence moved = p;
    for (CommittedOp op : log.recent(p.v()).orElse(List.of())) {
      moved = PresenceBook.moved(moved, op.op(), op.v());
    }
    if (moved.v() == head) {
      return moved;
    }
    int length = log.document().length();
    return new Presence(
        p.clientId(),
        p.name(),
        p.color(),
        head,
        p.selections().stream().map(s -> PresenceBook.clamp(s, length)).toList());
  }

  private String serverId() {
    return context.settings().serverId();
  }
}
