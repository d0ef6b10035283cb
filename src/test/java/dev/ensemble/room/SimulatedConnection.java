package dev.ensemble.room;

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
  volatile int closeCode;

  SimulatedConnection(RoomManager server) {
    this.server = server;
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public void send(String message) {
    if (closeCode == 0) {
      toClient.add(message);
    }
  }

  @Override
  public void close(int code, String reason) {
    closeCode = code;
  }

  boolean isClosed() {
    return closeCode != 0;
  }
}
