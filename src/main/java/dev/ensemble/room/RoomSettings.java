package dev.ensemble.room;

import java.time.Duration;

/**
 * What the room layer needs from the configuration; {@link #builder()} starts from the defaults.
 *
 * @param serverId names this server on the bus
 * @param maxDocumentChars largest document, in UTF-16 code units
 * @param maxFrameBytes largest message a client may send, told to clients so that they split
 * @param windowSize committed ops kept in memory per room
 * @param windowBytes most heap the ops kept in memory per room may take
 * @param maxBehind most versions a submission or a catch-up may be behind the head; beyond it a
 *     submission is refused with {@code version-too-old} and a catch-up gets a snapshot
 * @param commitRetries attempts to commit one submission when other servers keep taking versions
 * @param batchLimit most submissions of one room committed in one store write
 * @param snapshotInterval ops between snapshot writes
 * @param milestoneInterval ops between kept documents for time travel
 * @param idleGrace how long a room without sessions stays in memory
 * @param heartbeat how often the server pings a client it has not heard from, told to clients
 * @param forwardTimeout how long an edit forwarded to the server committing for its room may wait
 *     for an answer before this server commits it itself; zero: never forward
 */
public record RoomSettings(
    String serverId,
    int maxDocumentChars,
    int maxFrameBytes,
    int windowSize,
    long windowBytes,
    int maxBehind,
    int commitRetries,
    int batchLimit,
    int snapshotInterval,
    int milestoneInterval,
    Duration idleGrace,
    Duration heartbeat,
    Duration forwardTimeout) {

  public static Builder builder() {
    return new Builder();
  }

  /** Named values over the defaults, so that tests say which setting they change. */
  public static final class Builder {
    private String serverId = "server";
    private int maxDocumentChars = 2_097_152;
    private int maxFrameBytes = 1_048_576;
    private int windowSize = 1000;
    private long windowBytes = 8L << 20;
    private int maxBehind = 1000;
    private int commitRetries = 20;
    private int batchLimit = 64;
    private int snapshotInterval = 100;
    private int milestoneInterval = 1000;
    private Duration idleGrace = Duration.ofSeconds(30);
    private Duration heartbeat = Duration.ofSeconds(10);
    private Duration forwardTimeout = Duration.ofSeconds(1);

    private Builder() {}

    public Builder serverId(String value) {
      serverId = value;
      return this;
    }

    public Builder maxDocumentChars(int value) {
      maxDocumentChars = value;
      return this;
    }

    public Builder maxFrameBytes(int value) {
      maxFrameBytes = value;
      return this;
    }

    public Builder windowSize(int value) {
      windowSize = value;
      return this;
    }

    public Builder windowBytes(long value) {
      windowBytes = value;
      return this;
    }

    public Builder maxBehind(int value) {
      maxBehind = value;
      return this;
    }

    public Builder commitRetries(int value) {
      commitRetries = value;
      return this;
    }

    public Builder batchLimit(int value) {
      batchLimit = value;
      return this;
    }

    public Builder snapshotInterval(int value) {
      snapshotInterval = value;
      return this;
    }

    public Builder milestoneInterval(int value) {
      milestoneInterval = value;
      return this;
    }

    public Builder idleGrace(Duration value) {
      idleGrace = value;
      return this;
    }

    public Builder heartbeat(Duration value) {
      heartbeat = value;
      return this;
    }

    public Builder forwardTimeout(Duration value) {
      forwardTimeout = value;
      return this;
    }

    public RoomSettings build() {
      return new RoomSettings(
          serverId,
          maxDocumentChars,
          maxFrameBytes,
          windowSize,
          windowBytes,
          maxBehind,
          commitRetries,
          batchLimit,
          snapshotInterval,
          milestoneInterval,
          idleGrace,
          heartbeat,
          forwardTimeout);
    }
  }
}
