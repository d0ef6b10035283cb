package dev.ensemble.ws;

/**
 * A rate limit: {@code perSecond} tokens a second, at most {@code burst} saved up. Not thread-safe:
 * the container delivers one session's messages one at a time.
 */
final class TokenBucket {

  private final double perNano;
  private final double burst;
  private double tokens;
  private long updated = System.nanoTime();

  TokenBucket(double perSecond, double burst) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
  }

  /** Takes {@code n} tokens if there are that many; returns 0, or the milliseconds to wait. */
  long take(double n) {
    refill();
    if (tokens >= n) {
      tokens -= n;
      return 0;
    }
    return (long) Math.ceil((n - tokens) / perNano / 1e6);
  }

  private void refill() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - updated) * perNano);
    updated = now;
  }
}
