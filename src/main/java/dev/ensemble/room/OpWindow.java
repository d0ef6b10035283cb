package dev.ensemble.room;

import dev.ensemble.ot.Component;
import dev.ensemble.store.CommittedOp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The most recent committed operations of a room, so that most transforms need no store read.
 * Bounded by a number of operations and by the memory their text takes.
 */
final class OpWindow {

  private final int capacity;
  private final long maxBytes;
  private final ArrayDeque<CommittedOp> ops = new ArrayDeque<>();
  private long bytes;

  OpWindow(int capacity, long maxBytes) {
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  void add(CommittedOp op) {
    if (!ops.isEmpty() && op.v() != ops.getLast().v() + 1) {
      clear();
    }
    ops.addLast(op);
    bytes += weight(op);
    while (ops.size() > capacity || (bytes > maxBytes && ops.size() > 1)) {
      bytes -= weight(ops.removeFirst());
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
    // callers ask for the last few: walk back from the newest instead of over the whole window
    List<CommittedOp> found = new ArrayList<>((int) (to - from));
    Iterator<CommittedOp> newestFirst = ops.descendingIterator();
    while (newestFirst.hasNext()) {
      CommittedOp op = newestFirst.next();
      if (op.v() <= from) {
        break;
      }
      if (op.v() <= to) {
        found.add(op);
      }
    }
    Collections.reverse(found);
    return Optional.of(found);
  }

  /** The oldest operation held, if any. */
  Optional<CommittedOp> first() {
    return Optional.ofNullable(ops.peekFirst());
  }

  void clear() {
    ops.clear();
    bytes = 0;
  }

  /** Roughly the heap an operation takes: its inserted text and a few words per component. */
  static long weight(CommittedOp op) {
    long total = 64;
    for (Component c : op.op().components()) {
      total += c instanceof Component.Insert i ? 40 + 2L * i.text().length() : 16;
    }
    return total;
  }
}
