package dev.ensemble.config;

/**
 * What each session may send: messages of each kind per second, bytes per second, the largest
 * message, and how many of its submissions may wait for an answer at once.
 */
public record RateLimits(
    double opsPerSecond,
    double presencePerSecond,
    double languagePerSecond,
    double catchupsPerSecond,
    double bytesPerSecond,
    int maxFrameBytes,
    int maxQueuedSubmissions) {}
