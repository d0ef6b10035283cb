package dev.ensemble.load;

import dev.ensemble.testing.Cluster;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The old-version flood: one client keeps submitting edits based on version 0 of a room with a long
 * history, while a writer in another room of the same server times its acknowledgements, first
 * without the flood, then with it. Each such submission must be refused without reading or
 * transforming through the history, so that the other room does not notice.
 */
final class FloodRun {

  static final int HISTORY = 20_000;
  private static final double WRITER_OPS_PER_SECOND = 50;
  private static final long FLOOD_PERIOD_MILLIS = 20;

  private FloodRun() {}

  /** The other room's acknowledgement latencies without and with the flood. */
  static Map<String, Object> run(Cluster cluster, Duration length) throws Exception {
    History.write(cluster.store.uri(), "flood", HISTORY, 1);
    ServerProcess server = cluster.servers.get(0);
    Latencies.Summary quiet = writerLatency(server, "flood-quiet", length);
    try (Flooder flooder = Flooder.start(server, "flood-0")) {
      Latencies.Summary flooded = writerLatency(server, "flood-busy", length);
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("history of the flooded room", HISTORY);
      figures.put("flood submissions per second", 1000 / FLOOD_PERIOD_MILLIS);
      figures.put("other room ack p50 ms without flood", quiet.p50());
      figures.put("other room ack p99 ms without flood", quiet.p99());
      figures.put("other room ack p50 ms with flood", flooded.p50());
      figures.put("other room ack p99 ms with flood", flooded.p99());
      figures.put("flood submissions refused as version-too-old", flooder.refused.get());
      figures.put("flood submissions sent", flooder.sent.get());
      System.err.println("old-version flood: " + figures);
      return figures;
    }
  }

  private static Latencies.Summary writerLatency(ServerProcess server, String room, Duration length)
      throws Exception {
    Measurements measurements = new Measurements();
    EnsembleUser writer =
        new EnsembleUser("writer", 0, room, Urls.room(server.url(), room), measurements, 1);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      writer.connect(HttpClient.newHttpClient()).get(30, TimeUnit.SECONDS);
      long period = (long) (1_000_000 / WRITER_OPS_PER_SECOND);
      timer.scheduleAtFixedRate(writer::edit, period, period, TimeUnit.MICROSECONDS);
      TimeUnit.SECONDS.sleep(3);
      measurements.measuring = true;
      TimeUnit.MILLISECONDS.sleep(length.toMillis());
      measurements.measuring = false;
      return measurements.ack.summary();
    } finally {
      timer.shutdownNow();
      writer.close();
    }
  }

  /** Sends an edit based on version 0 every few milliseconds, and counts the refusals. */
  private static final class Flooder implements WebSocket.Listener, AutoCloseable {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static Flooder start(ServerProcess server, String room) {
      Flooder flooder = new Flooder();
      flooder.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(Urls.room(server.url(), room), flooder)
              .join();
      flooder.socket.sendText("{\"type\":\"hello\",\"key\":\"flooder_0123456789abcdef\"}", true);
      flooder.timer.scheduleAtFixedRate(
          flooder::flood, FLOOD_PERIOD_MILLIS, FLOOD_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
      return flooder;
    }

    private synchronized void flood() {
      long seq = sent.incrementAndGet();
      socket
          .sendText(
              "{\"type\":\"op\",\"seq\":" + seq + ",\"v\":0,\"op\":[\"xxxxxxxxxxxxxxxxxxxx\"]}",
              true)
          .join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonObject message = dev.ensemble.it.WsClient.parse(partial.toString());
        partial.setLength(0);
        if (message.getString("type").equals("error")
            && message.getString("code").equals("version-too-old")) {
          refused.incrementAndGet();
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void close() {
      timer.shutdownNow();
      socket.abort();
    }
  }
}
