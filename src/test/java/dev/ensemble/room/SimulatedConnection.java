package dev.ensemble.room;

import dev.ensemble.ws.MessageEncoder;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A client's connection to one simulated server; messages wait in queues until delivered. */
final class SimulatedConnection implements Peer {

  private static final AtomicInteger IDS = new AtomicInteger();

  final RoomManager server;
  final BlockingQueue<String> toClient = new LinkedBlockingQueue<>();
  final Queue<String> toServer = new ArrayDeque<>();
  private final String clientId = "c" + IDS.incrementAndGet();
  private final String src;
  volatile Disconnect closed;

  SimulatedConnection(RoomManager server, String src) {
    this.server = server;
    this.src = src;
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public String src() {
    return src;
  }

  @Override
  public void send(ServerMessage message) {
    if (closed == null) {
      toClient.add(MessageEncoder.encode(message));
    }
  }

  @Override
  public void close(Disconnect reason) {
    closed = reason;
  }

  boolean isClosed() {
    return closed != null;
  }
}
