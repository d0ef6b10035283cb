package dev.ensemble.ws;

import dev.ensemble.config.RateLimits;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The rate limits of one session, per kind of message and for the bytes of all of them together,
 * each with a burst of two seconds' worth. A client that keeps pushing past them after being told
 * to wait runs out of strikes and is disconnected.
 */
final class SessionLimits {

  enum Kind {
    OPS,
    PRESENCE,
    LANGUAGE,
    CATCHUPS;

    /** Its name in metrics. */
    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Refusals a session may collect, and how fast it earns them back. */
  private static final int STRIKES = 20;

  private static final double STRIKES_PER_SECOND = 1;

  private final Map<Kind, TokenBucket> buckets = new EnumMap<>(Kind.class);
  private final TokenBucket bytes;
  private final TokenBucket strikes = new TokenBucket(STRIKES_PER_SECOND, STRIKES);

  SessionLimits(RateLimits rates) {
    buckets.put(Kind.OPS, bucket(rates.opsPerSecond()));
    buckets.put(Kind.PRESENCE, bucket(rates.presencePerSecond()));
    buckets.put(Kind.LANGUAGE, bucket(rates.languagePerSecond()));
    buckets.put(Kind.CATCHUPS, bucket(rates.catchupsPerSecond()));
    // one message of the largest size allowed must always fit
    bytes =
        new TokenBucket(
            rates.bytesPerSecond(), Math.max(2.0 * rates.bytesPerSecond(), rates.maxFrameBytes()));
  }

  private static TokenBucket bucket(double perSecond) {
    return new TokenBucket(perSecond, Math.max(2 * perSecond, 1));
  }

  /** Counts a message of {@code size} bytes; returns 0, or the milliseconds to wait. */
  long take(Kind kind, long size) {
    long wait = bytes.take(size);
    return wait > 0 ? wait : buckets.get(kind).take(1);
  }

  /** Counts a refusal; true when the session has used up its strikes. */
  boolean strike() {
    return strikes.take(1) > 0;
  }
}
