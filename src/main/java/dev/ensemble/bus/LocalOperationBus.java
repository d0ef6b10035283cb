package dev.ensemble.bus;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
  private final ConcurrentHashMap<String, Integer> rooms = new ConcurrentHashMap<>();
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
  public CompletionStage<Void> subscribe(String room) {
    rooms.merge(room, 1, Integer::sum);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void unsubscribe(String room) {
    rooms.computeIfPresent(room, (r, count) -> count > 1 ? count - 1 : null);
  }

  @Override
  public void publish(String room, String message) {
    if (!hub.members.contains(this)) {
      return; // closed
    }
    for (LocalOperationBus member : hub.members) {
      if (member != this && member.rooms.containsKey(room) && member.listener != null) {
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
