package dev.ensemble.ot;

import dev.ensemble.ot.Component.Insert;
import dev.ensemble.ot.Component.Retain;
import java.util.List;

/**
 * Walks the components of an operation in pieces of any size, so that two operations can be
 * traversed in lock step without allocating partial components.
 */
final class ComponentCursor {

  enum Kind {
    RETAIN,
    INSERT,
    DELETE,
    END
  }

  private final List<Component> components;
  private int index;
  private int offset;

  ComponentCursor(List<Component> components) {
    this.components = components;
  }

  Kind kind() {
    if (index == components.size()) {
      return Kind.END;
    }
    Component c = components.get(index);
    if (c instanceof Retain) {
      return Kind.RETAIN;
    }
    return c instanceof Insert ? Kind.INSERT : Kind.DELETE;
  }

  /** Units left in the current component (0 at the end). */
  int remaining() {
    return index == components.size() ? 0 : length(components.get(index)) - offset;
  }

  /** The next {@code n} units of the current insert; advances past them. */
  String takeText(int n) {
    String text = ((Insert) components.get(index)).text();
    String piece = offset == 0 && n == text.length() ? text : text.substring(offset, offset + n);
    skip(n);
    return piece;
  }

  /** Advances {@code n} units, at most {@link #remaining()}. */
  void skip(int n) {
    offset += n;
    if (offset == length(components.get(index))) {
      index++;
      offset = 0;
    }
  }

  private static int length(Component c) {
    return c instanceof Insert i ? i.text().length() : c.baseLength();
  }
}
