package dev.ensemble.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URL;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on the loopback interface, for tests of connections that stall: it forwards bytes
 * both ways between its clients and a target port, and can stall — stop forwarding, in one
 * direction or both, without closing anything, like a network that neither delivers nor fails — and
 * resume, when everything held back goes on. A connection closed while stalled is closed on the
 * other side only once its direction flows again.
 *
 * <p>It serves at most {@link #MAX_CONNECTIONS} connections at once (more are closed at once), with
 * two threads each and one that accepts; {@link #close()} ends them all.
 */
public final class StallingProxy implements AutoCloseable {

  /** Which way bytes go. */
  public enum Direction {
    TO_SERVER,
    TO_CLIENT
  }

  static final int MAX_CONNECTIONS = 32;

  private final int target;
  private final ServerSocket listener;
  private final ExecutorService threads;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Set<Direction> stalled = EnumSet.noneOf(Direction.class);
  private volatile boolean closed;

  private StallingProxy(int target) {
    this.target = target;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AtomicInteger count = new AtomicInteger();
    threads =
        Executors.newFixedThreadPool(
            1 + 2 * MAX_CONNECTIONS,
            task -> {
              Thread thread = new Thread(task, "stalling-proxy-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    threads.execute(this::accept);
  }

  /** A proxy to {@code port} on the loopback interface, accepting connections at once. */
  public static StallingProxy to(int port) {
    return new StallingProxy(port);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /**
   * The application's address through the proxy to a {@link ServerProcess}, {@code
   * http://127.0.0.1:port/ensemble/}.
   */
  public URL url() {
    try {
      return URI.create("http://127.0.0.1:" + port() + ServerProcess.CONTEXT_ROOT + "/").toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops forwarding both ways. */
  public void stall() {
    stall(Direction.values());
  }

  /** Stops forwarding in the directions given; the others keep flowing. */
  public void stall(Direction... directions) {
    synchronized (stalled) {
      stalled.addAll(List.of(directions));
    }
  }

  /** Forwards again, both ways, starting with what was held back. */
  public void resume() {
    synchronized (stalled) {
      stalled.clear();
      stalled.notifyAll();
    }
  }

  /** Connections open through the proxy now. */
  public int connections() {
    return MAX_CONNECTIONS - slots.availablePermits();
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        // closed, or the listener failed: no more connections either way
        return;
      }
      if (!slots.tryAcquire()) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        Connection connection = new Connection(client, server);
        threads.execute(() -> connection.pump(client, server, Direction.TO_SERVER));
        threads.execute(() -> connection.pump(server, client, Direction.TO_CLIENT));
      } catch (IOException e) {
        closeQuietly(client);
        slots.release();
      }
    }
  }

  /** Two sockets and two pumps; the slot is given back when both pumps are done. */
  private final class Connection {
    private final Socket client;
    private final Socket server;
    private final AtomicInteger pumps = new AtomicInteger(2);

    Connection(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void pump(Socket from, Socket to, Direction direction) {
      byte[] buffer = new byte[16384];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          awaitFlowing(direction);
          out.write(buffer, 0, n);
          out.flush();
        }
        // an end of stream is news too, held back like the bytes before it
        awaitFlowing(direction);
      } catch (IOException e) {
        // the other pump closed the sockets, or the peer reset its connection
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        closeQuietly(client);
        closeQuietly(server);
        sockets.remove(client);
        sockets.remove(server);
        if (pumps.decrementAndGet() == 0) {
          slots.release();
        }
      }
    }
  }

  private void awaitFlowing(Direction direction) throws InterruptedException, SocketException {
    synchronized (stalled) {
      while (stalled.contains(direction) && !closed) {
        stalled.wait();
      }
    }
    if (closed) {
      throw new SocketException("proxy closed");
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    resume();
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    sockets.forEach(StallingProxy::closeQuietly);
    threads.shutdownNow();
    try {
      if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the proxy's threads did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
