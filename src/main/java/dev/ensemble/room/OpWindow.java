package dev.ensemble.room;

import dev.ensemble.store.CommittedOp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The most recent committed operations of a room, so that most transforms need no store read. */
final class OpWindow {

  private final int capacity;
  private final ArrayDeque<CommittedOp> ops = new ArrayDeque<>();

  OpWindow(int capacity) {
    this.capacity = capacity;
  }

  void add(CommittedOp op) {
    if (!ops.isEmpty() && op.v() != ops.getLast().v() + 1) {
      ops.clear();
    }
    ops.addLast(op);
    if (ops.size() > capacity) {
      ops.removeFirst();
    }
  }

  /** The ops with {@code from < v <= to}, if the window holds all of them. */
  Optional<List<CommittedOp>> between(long from, long to) {
    if (from >= to) {
      return Optional.of(List.of());
    }
    if (ops.isEmpty() || ops.getFirst().v() > from + 1 || ops.getLast().v() < to) {
      return Optional.empty();
    }
    List<CommittedOp> found = new ArrayList<>((int) (to - from));
    for (CommittedOp op : ops) {
      if (op.v() > from && op.v() <= to) {
        found.add(op);
      }
    }
    return Optional.of(found);
  }

  void clear() {
    ops.clear();
  }
}
