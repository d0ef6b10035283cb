package dev.ensemble.testing;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a server's {@code /metrics}, read as Prometheus text, as Prometheus would. */
public final class Scrape {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private record Sample(String name, List<String> labels, double value) {}

  private final List<Sample> samples = new ArrayList<>();

  private Scrape(String text) {
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.find()) {
        continue;
      }
      List<String> labels = new ArrayList<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.add(l.group(1) + "=" + l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
  }

  public static Scrape of(URL server) {
    Http.Response response = Http.get(Urls.metrics(server));
    if (response.status() != 200) {
      throw new IllegalStateException("/metrics answered " + response.status());
    }
    return new Scrape(response.body());
  }

  /**
   * The sum of the samples named {@code name} that carry every label given as {@code
   * "label=value"}; 0 when there is none, as for a counter nothing has counted yet.
   */
  public double value(String name, String... labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().containsAll(List.of(labels)))
        .mapToDouble(Sample::value)
        .sum();
  }

  /** True when the server exposes a sample of that name. */
  public boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }
}
