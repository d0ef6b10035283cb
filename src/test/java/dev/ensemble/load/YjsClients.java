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
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  private YjsClients(Process process) {
    this.process = process;
    this.commands =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
  }

  static YjsClients start(NodePeer peer) throws IOException {
    YjsClients clients = new YjsClients(peer.script("clients.js"));
    Thread reader = new Thread(clients::readEvents, "yjs-clients");
    reader.setDaemon(true);
    reader.start();
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

  /** One command, {@code op} with the given fields, for client {@code id}. */
  synchronized void send(String op, int id, Map<String, ?> fields) {
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
    try {
      commands.write(command.build().toString());
      commands.write('\n');
      commands.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the Yjs clients' process is gone", e);
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
  java.time.Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
  }

  @Override
  public void close() throws InterruptedException {
    System.err.println("yjs clients: " + cpu().toMillis() + " ms of CPU in all");
    try {
      commands.close(); // clients.js exits at the end of its input
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroy();
    }
  }
}
