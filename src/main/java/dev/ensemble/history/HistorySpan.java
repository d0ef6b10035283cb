package dev.ensemble.history;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operations {@code from < v <= to} of a room seen from afar: when they were made (the first's
 * and the last's commit time, epoch milliseconds) and by whom (operations per source). A point of
 * the timeline; a milestone keeps the span since the milestone before it.
 */
public record HistorySpan(long from, long to, long start, long end, Map<String, Integer> authors) {

  public HistorySpan {
    authors = Map.copyOf(authors);
  }

  /** The span of one operation. */
  public static HistorySpan of(long v, String src, long ts) {
    return new HistorySpan(v - 1, v, ts, ts, Map.of(src, 1));
  }

  /** This span and the one right after it as one. */
  public HistorySpan then(HistorySpan next) {
    if (next.from() != to) {
      throw new IllegalArgumentException("span " + next + " does not follow " + this);
    }
    Map<String, Integer> both = new LinkedHashMap<>(authors);
    next.authors().forEach((src, ops) -> both.merge(src, ops, Integer::sum));
    return new HistorySpan(
        from, next.to(), Math.min(start, next.start()), Math.max(end, next.end()), both);
  }
}
