package dev.ensemble.load;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one run measured: when each op was sent and from which server's client, how long until its
 * author got the acknowledgement, and how long until clients of other servers received it. Only ops
 * sent while {@link #measuring} count.
 */
final class Measurements {

  private record Sent(long nanos, int server) {}

  private final Map<String, Sent> sent = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  final Latencies ack = new Latencies();
  final Latencies delivery = new Latencies();
  final LongAdder acknowledged = new LongAdder();
  volatile boolean measuring;

  void sent(String src, long seq, int server) {
    sent(src, seq, server, System.nanoTime());
  }

  /** An op sent at {@code nanos} on {@link System#nanoTime}'s clock (CLOCK_MONOTONIC on Linux). */
  void sent(String src, long seq, int server, long nanos) {
    if (measuring) {
      sent.putIfAbsent(src + "/" + seq, new Sent(nanos, server));
    }
  }

  void acknowledged(String src, long seq, long now) {
    Sent s = sent.get(src + "/" + seq);
    if (s != null) {
      acknowledged.increment();
      ack.record((now - s.nanos()) / 1000);
    }
  }

  void delivered(String src, long seq, int receiver, long now) {
    Sent s = sent.get(src + "/" + seq);
    if (s != null && s.server() != receiver) {
      delivery.record((now - s.nanos()) / 1000);
    }
  }

  void error(String code) {
    errors.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  Map<String, Long> errors() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    errors.forEach((code, n) -> counts.put(code, n.sum()));
    return counts;
  }
}
