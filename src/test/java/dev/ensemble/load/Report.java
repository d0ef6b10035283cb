package dev.ensemble.load;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes a run's figures as JSON and as an HTML page with a chart per scenario. */
final class Report {

  /** Everything one invocation measured. */
  public record Run(
      String machine,
      String date,
      Map<String, Object> floors,
      Map<String, Object> capacity,
      List<Result> results) {}

  private Report() {}

  static void write(Path dir, Run run) throws Exception {
    Files.createDirectories(dir);
    try (Jsonb jsonb = JsonbBuilder.create(new JsonbConfig().withFormatting(true))) {
      Files.writeString(dir.resolve("results.json"), jsonb.toJson(run));
    }
    Files.writeString(dir.resolve("results.html"), html(run));
  }

  private static String html(Run run) throws IOException {
    StringBuilder page = new StringBuilder();
    page.append("<!doctype html><meta charset=utf-8><title>Ensemble load results</title>")
        .append(
            "<style>body{font:14px system-ui;margin:2em}td,th{padding:.2em .8em;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}</style>")
        .append("<h1>Ensemble load results</h1><p>")
        .append(run.machine())
        .append(", ")
        .append(run.date())
        .append("</p><h2>Floors</h2><ul>");
    run.floors().forEach((k, v) -> page.append("<li>").append(k).append(": ").append(v));
    page.append("</ul><h2>Capacity</h2><ul>");
    run.capacity().forEach((k, v) -> page.append("<li>").append(k).append(": ").append(v));
    page.append("</ul>");
    for (Result r : run.results()) {
      page.append("<h2>")
          .append(r.scenario())
          .append(" — ")
          .append(r.system())
          .append(
              r.historyOps() > 0 ? String.format(", after %,d ops of history", r.historyOps()) : "")
          .append("</h2><p>")
          .append(r.clients())
          .append(" clients, ")
          .append(r.rooms())
          .append(" rooms, ")
          .append(r.writers())
          .append(" writers; ")
          .append(
              String.format(
                  "%.1f committed ops/s, server CPU %.0f%%, converged: %s, errors %s, server"
                      + " counters %s",
                  r.committedPerSecond(),
                  r.serverCpuPercent(),
                  r.converged(),
                  r.errors(),
                  r.serverCounters()))
          .append("</p>")
          .append(chart(r));
    }
    return page.toString();
  }

  /** Bars of p50/p95/p99/max for acknowledgement and delivery latency, in milliseconds. */
  private static String chart(Result r) {
    Latencies.Summary[] series = {r.ack(), r.delivery()};
    String[] names = {"ack", "delivery"};
    double top = Math.max(1, Math.max(r.ack().max(), r.delivery().max()));
    StringBuilder svg =
        new StringBuilder("<svg width=640 height=200 xmlns='http://www.w3.org/2000/svg'>");
    String[] labels = {"p50", "p95", "p99", "max"};
    for (int s = 0; s < 2; s++) {
      double[] values = {series[s].p50(), series[s].p95(), series[s].p99(), series[s].max()};
      for (int i = 0; i < 4; i++) {
        double height = Math.sqrt(values[i] / top) * 150;
        int x = 20 + s * 310 + i * 70;
        svg.append(
            String.format(
                "<rect x=%d y=%.0f width=50 height=%.0f fill='%s'/><text x=%d y=190 font-size=11>%s %s</text>"
                    + "<text x=%d y=%.0f font-size=11>%.1f</text>",
                x,
                170 - height,
                height,
                s == 0 ? "#3366cc" : "#cc6633",
                x,
                names[s],
                labels[i],
                x,
                165 - height,
                values[i]));
      }
    }
    return svg.append("</svg><p><small>bar heights on a square-root scale, ms</small></p>")
        .toString();
  }
}
