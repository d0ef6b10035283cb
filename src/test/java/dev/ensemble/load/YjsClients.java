package dev.ensemble.load;

import dev.ensemble.wire.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real Yjs clients for the generator, which cannot run Yjs itself: one Node.js process of the
 * peer's {@code clients.js}, holding a {@code HocuspocusProvider} and its {@code Y.Doc} per user.
 * Commands go to its standard input and events come back on its standard output, a JSON object a
 * line (the protocol is described at the top of {@code clients.js}); each event goes to the user it
 * names.
 */
final class YjsClients implements AutoCloseable {

  private final Process process;
  private final Writer commands;
  private final Map<Integer, HocuspocusUser> users = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

  private YjsClients(Process process) {
    this.process = process;
    this.commands =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
  }

  static YjsClients start(NodePeer peer) throws IOException {
    YjsClients clients = new YjsClients(peer.script("clients.js"));
    for (Runnable task : List.<Runnable>of(clients::readEvents, clients::writeCommands)) {
      Thread thread = new Thread(task, "yjs-clients");
      thread.setDaemon(true);
      thread.start();
    }
    return clients;
  }

  /** A new client id for {@code user}, whose events it will be given from now on. */
  int register(HocuspocusUser user) {
    int id = ids.incrementAndGet();
    users.put(id, user);
    return id;
  }

  void forget(int id) {
    users.remove(id);
  }

  /**
   * One command, {@code op} with the given fields, for client {@code id}; queued, never blocking,
   * so that a user's lock is not held while the process is busy (it stops reading its input while
   * it waits to write an event).
   */
  void send(String op, int id, Map<String, ?> fields) {
    var command = JsonSupport.PROVIDER.createObjectBuilder().add("op", op).add("c", id);
    fields.forEach(
        (name, value) -> {
          if (value instanceof Number n) {
            command.add(name, n.longValue());
          } else if (value instanceof Boolean b) {
            command.add(name, b);
          } else {
            command.add(name, value.toString());
          }
        });
    queue.add(command.build().toString());
  }

  private void writeCommands() {
    try {
      while (true) {
        String command = queue.take();
        if (command.isEmpty()) {
          commands.close(); // clients.js exits at the end of its input
          return;
        }
        commands.write(command);
        commands.write('\n');
        if (queue.isEmpty()) {
          commands.flush();
        }
      }
    } catch (IOException e) {
      System.err.println("yjs clients: their process is gone: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readEvents() {
    try (BufferedReader events =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = events.readLine(); line != null; line = events.readLine()) {
        JsonObject event;
        try (JsonReader reader = JsonSupport.PROVIDER.createReader(new StringReader(line))) {
          event = reader.readObject();
        }
        HocuspocusUser user = users.get(event.getInt("c"));
        if (user != null) {
          user.on(event, Long.parseLong(event.getString("t")));
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** CPU the clients' process used so far, for the record: the clients share the cores too. */
  Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  @Override
  public void close() throws InterruptedException {
    System.err.println("yjs clients: " + cpu().toMillis() + " ms of CPU in all");
    queue.add(""); // the end of the commands
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroy();
    }
  }
}
