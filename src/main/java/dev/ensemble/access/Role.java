package dev.ensemble.access;

import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.WireException;
import java.util.Locale;

/** What a person or link may do in a room; each role may do all that the ones before it may. */
public enum Role {
  /** Reads the document, its history and the people in the room. */
  VIEWER,
  /** Also edits the document and changes its language. */
  EDITOR,
  /** Also manages who has access. */
  OWNER;

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * A role an owner gives others (through a link, or sharing), from its wire name.
   *
   * @throws WireException {@code bad-parameter} for anything but {@code editor} or {@code viewer}
   */
  public static Role grantable(String name) {
    if ("editor".equals(name)) {
      return EDITOR;
    }
    if ("viewer".equals(name)) {
      return VIEWER;
    }
    throw new WireException(
        ErrorCodes.BAD_PARAMETER,
        "a role given to others is 'editor' or 'viewer', not '" + name + "'");
  }
}
