package dev.ensemble.ws;

/**
 * Hears what the server refuses its WebSocket clients, for metrics. Plain Java, so that sessions
 * run without a container; called on the sessions' threads, so it must only count, never block.
 */
public interface SessionObserver {

  SessionObserver NONE =
      new SessionObserver() {
        @Override
        public void error(String code) {}

        @Override
        public void rateLimited(String limit) {}

        @Override
        public void queueOverflowed() {}
      };

  /** An error with {@code code} went to a client. */
  void error(String code);

  /** A client's message broke {@code limit} and was refused with {@code rate-limited}. */
  void rateLimited(String limit);

  /** A client fell so far behind that its send queue overflowed: it was disconnected. */
  void queueOverflowed();
}
