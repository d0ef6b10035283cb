package dev.ensemble.bus;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bus inside one process: for a single server, and for tests that run several room managers in
 * one JVM. Buses attached to the same {@link Hub} see each other's messages.
 */
public final class LocalOperationBus implements OperationBus {

  /** Connects the local buses of one process. */
  public static final class Hub {
    private final List<LocalOperationBus> members = new CopyOnWriteArrayList<>();
  }

  private final Hub hub;
  private final Set<String> rooms = ConcurrentHashMap.newKeySet();
  private volatile BusListener listener;

  public LocalOperationBus(Hub hub) {
    this.hub = hub;
    hub.members.add(this);
  }

  /** A bus with no other member: what a single server needs. */
  public static LocalOperationBus standalone() {
    return new LocalOperationBus(new Hub());
  }

  @Override
  public void listen(BusListener listener) {
    this.listener = listener;
  }

  @Override
  public void subscribe(String room) {
    rooms.add(room);
  }

  @Override
  public void unsubscribe(String room) {
    rooms.remove(room);
  }

  @Override
  public void publish(String room, String message) {
    if (!hub.members.contains(this)) {
      return; // closed
    }
    for (LocalOperationBus member : hub.members) {
      if (member != this && member.rooms.contains(room) && member.listener != null) {
        member.listener.onMessage(room, message);
      }
    }
  }

  @Override
  public boolean isConnected() {
    return hub.members.contains(this);
  }

  @Override
  public void close() {
    hub.members.remove(this);
  }
}
