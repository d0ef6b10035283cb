package dev.ensemble.room;

import dev.ensemble.store.CommittedOp;
import dev.ensemble.store.SourceMark;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last submission of each recent source in a room's log, so that a submission too old to be
 * transformed can still be recognised as already committed. Kept for the {@value #CAPACITY} sources
 * that committed last, and saved with each snapshot, so that every server holds the same book at
 * the same version.
 */
final class SourceBook {

  static final int CAPACITY = 1024;

  private final LinkedHashMap<String, SourceMark> marks =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SourceMark> eldest) {
          return size() > CAPACITY;
        }
      };

  void record(CommittedOp op) {
    // re-inserting moves the source to the end, so the eldest is the one that committed longest ago
    marks.remove(op.src());
    marks.put(op.src(), new SourceMark(op.seq(), op.v()));
  }

  Optional<SourceMark> last(String src) {
    return Optional.ofNullable(marks.get(src));
  }

  /** The last sequence number of {@code src} in the log, 0 if none is known. */
  long lastSeq(String src) {
    SourceMark mark = marks.get(src);
    return mark == null ? 0 : mark.seq();
  }

  Map<String, SourceMark> copy() {
    return Map.copyOf(marks);
  }

  /** Starts over from a snapshot's book, oldest first. */
  void restore(Map<String, SourceMark> saved) {
    marks.clear();
    saved.entrySet().stream()
        .sorted(Map.Entry.comparingByValue((a, b) -> Long.compare(a.v(), b.v())))
        .forEach(e -> marks.put(e.getKey(), e.getValue()));
  }
}
