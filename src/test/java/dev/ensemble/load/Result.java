package dev.ensemble.load;

import java.util.Map;

/** What one scenario measured on one system. */
public record Result(
    String scenario,
    String system,
    long historyOps,
    int clients,
    int rooms,
    int writers,
    double seconds,
    double committedPerSecond,
    Latencies.Summary ack,
    Latencies.Summary delivery,
    Map<String, Long> errors,
    boolean converged,
    double serverCpuPercent,
    Map<String, Long> serverCounters) {}
