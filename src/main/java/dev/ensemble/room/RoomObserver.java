package dev.ensemble.room;

import java.time.Duration;

/**
 * Hears what the rooms of a server do, for metrics. Plain Java, so that the room core runs without
 * a container; the server's implementation records it with MicroProfile Metrics. Called on the
 * rooms' threads: it must only count, never block.
 */
public interface RoomObserver {

  RoomObserver NONE =
      new RoomObserver() {
        @Override
        public void committed(int ops) {}

        @Override
        public void versionConflict() {}

        @Override
        public void resent() {}

        @Override
        public void acknowledged(Duration latency) {}

        @Override
        public void delivered(Duration lag) {}

        @Override
        public void forwarded() {}

        @Override
        public void takenBack(int edits) {}
      };

  /** This server committed {@code ops} operations in one store write. */
  void committed(int ops);

  /** Another server had taken the version this one tried to commit. */
  void versionConflict();

  /** A submission was a resend of a committed operation. */
  void resent();

  /** An edit was acknowledged {@code latency} after its message arrived. */
  void acknowledged(Duration latency);

  /** An operation another server committed reached this one over the bus {@code lag} later. */
  void delivered(Duration lag);

  /** A client's edit was forwarded to the server committing for its room. */
  void forwarded();

  /** {@code edits} forwarded edits got no answer in time and were committed here. */
  void takenBack(int edits);
}
