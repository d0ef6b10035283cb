package dev.ensemble.load;

import java.util.List;
import java.util.Locale;

/**
 * One scenario's systems side by side as an SVG image: throughput, and acknowledgement and delivery
 * latency at p50 and p99 on a logarithmic scale, so that 2 ms and 2 s both read.
 */
final class ScenarioChart {

  private static final int GROUP = 250;
  private static final int TOP = 60;
  private static final int PLOT = 180;
  private static final String[] LABELS = {"ack p50", "ack p99", "deliv. p50", "deliv. p99"};
  private static final String[] COLOURS = {"#2563eb", "#1e3a8a", "#ea580c", "#9a3412"};

  /** Milliseconds at the top of the scale: nothing measured waits longer than a minute. */
  private static final double CEILING_MS = 60_000;

  /** Milliseconds at the bottom of the scale. */
  private static final double FLOOR_MS = 0.1;

  private ScenarioChart() {}

  /** The results of one scenario, one per system, as an SVG document. */
  static String svg(String title, List<Result> results) {
    int width = 70 + GROUP * results.size();
    StringBuilder svg =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'"
                    + " font-family='system-ui,sans-serif' font-size='11'>"
                    + "<rect width='100%%' height='100%%' fill='#fff'/>"
                    + "<text x='10' y='20' font-size='14' font-weight='bold'>%s</text>",
                width,
                TOP + PLOT + 50,
                escape(title)));
    axis(svg, width);
    for (int i = 0; i < results.size(); i++) {
      group(svg, results.get(i), 60 + i * GROUP);
    }
    return svg.append("</svg>").toString();
  }

  private static void axis(StringBuilder svg, int width) {
    for (double ms = 1; ms <= CEILING_MS; ms *= 10) {
      double y = y(ms);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1='50' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/>"
                  + "<text x='45' y='%.1f' text-anchor='end'>%s</text>",
              width - 10,
              y,
              y,
              y + 4,
              ms >= 1000 ? (long) (ms / 1000) + " s" : (long) ms + " ms"));
    }
  }

  private static void group(StringBuilder svg, Result r, int x) {
    double[] values = {r.ack().p50(), r.ack().p99(), r.delivery().p50(), r.delivery().p99()};
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x='%d' y='42' font-size='12' font-weight='bold'>%s</text>"
                + "<text x='%d' y='55'>%,.0f ops/s%s</text>",
            x,
            escape(r.system()),
            x,
            r.committedPerSecond(),
            r.converged() ? "" : ", not converged"));
    for (int i = 0; i < values.length; i++) {
      double top = y(Math.max(FLOOR_MS, values[i]));
      int bar = x + i * 58;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x='%d' y='%.1f' width='40' height='%.1f' fill='%s'/>"
                  + "<text x='%d' y='%.1f'>%s</text>"
                  + "<text x='%d' y='%d'>%s</text>",
              bar,
              top,
              y(FLOOR_MS) - top,
              COLOURS[i],
              bar,
              top - 3,
              milliseconds(values[i]),
              bar,
              TOP + PLOT + 18,
              LABELS[i]));
    }
  }

  private static double y(double ms) {
    double share = Math.log10(ms / FLOOR_MS) / Math.log10(CEILING_MS / FLOOR_MS);
    return TOP + PLOT * (1 - Math.min(1, share));
  }

  private static String milliseconds(double ms) {
    return ms >= 1000
        ? String.format(Locale.ROOT, "%.1f s", ms / 1000)
        : String.format(Locale.ROOT, ms >= 10 ? "%.0f" : "%.1f", ms);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;");
  }
}
