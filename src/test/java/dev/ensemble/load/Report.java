package dev.ensemble.load;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    Files.createDirectories(dir.resolve("charts"));
    try (Jsonb jsonb = JsonbBuilder.create(new JsonbConfig().withFormatting(true))) {
      Files.writeString(dir.resolve("results.json"), jsonb.toJson(run));
    }
    Map<String, String> charts = charts(run.results());
    for (Map.Entry<String, String> chart : charts.entrySet()) {
      Files.writeString(dir.resolve("charts").resolve(chart.getKey() + ".svg"), chart.getValue());
    }
    Files.writeString(dir.resolve("results.html"), html(run, charts));
  }

  /** A chart per scenario, and per scenario after history, with every system's result in it. */
  private static Map<String, String> charts(List<Result> results) {
    Map<String, List<Result>> byScenario = new LinkedHashMap<>();
    for (Result r : results) {
      byScenario.computeIfAbsent(chartName(r), k -> new ArrayList<>()).add(r);
    }
    Map<String, String> charts = new LinkedHashMap<>();
    byScenario.forEach(
        (name, rs) -> {
          Result first = rs.get(0);
          String title =
              String.format(
                  "%s: %d clients, %d rooms, %d writers%s",
                  first.scenario(),
                  first.clients(),
                  first.rooms(),
                  first.writers(),
                  first.historyOps() > 0
                      ? String.format(", after %,d ops of history", first.historyOps())
                      : "");
          charts.put(name, ScenarioChart.svg(title, rs));
        });
    return charts;
  }

  private static String chartName(Result r) {
    return r.historyOps() > 0 ? r.scenario() + "-history" : r.scenario();
  }

  private static String html(Run run, Map<String, String> charts) {
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
    charts.forEach(
        (name, svg) -> {
          page.append("<h2>").append(name).append("</h2>").append(svg);
          run.results().stream()
              .filter(r -> chartName(r).equals(name))
              .forEach(r -> page.append(summary(r)));
        });
    return page.toString();
  }

  private static String summary(Result r) {
    return String.format(
        "<p>%s: %.1f committed ops/s, server CPU %.0f%%, converged: %s, errors %s, server"
            + " counters %s</p>",
        r.system(),
        r.committedPerSecond(),
        r.serverCpuPercent(),
        r.converged(),
        r.errors(),
        r.serverCounters());
  }
}
