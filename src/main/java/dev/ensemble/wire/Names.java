package dev.ensemble.wire;

import java.util.regex.Pattern;

/**
 * The shapes of room ids, language names and version names, shared by the WebSocket and REST paths.
 */
public final class Names {

  public static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  public static final Pattern LANGUAGE = Pattern.compile("[a-z0-9][a-z0-9+#._-]{0,31}");
  public static final String DEFAULT_LANGUAGE = "plaintext";

  /** Longest name of a version, in UTF-16 code units: a label on the timeline, not a text. */
  public static final int MAX_VERSION_NAME = 100;

  /** Control characters, line breaks included: a version's name is one line. */
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private Names() {}

  public static String requireRoomId(String id) {
    if (id == null || !ROOM_ID.matcher(id).matches()) {
      throw new WireException(
          ErrorCodes.BAD_ROOM_ID,
          "room id must be 1-64 letters, digits, '_' or '-', starting with a letter or digit");
    }
    return id;
  }

  public static String requireLanguage(String language) {
    if (language == null || !LANGUAGE.matcher(language).matches()) {
      throw new WireException(
          ErrorCodes.BAD_LANGUAGE,
          "language must be 1-32 of a-z, 0-9, '+', '#', '.', '_', '-', starting with a-z or 0-9");
    }
    return language;
  }

  /**
   * A version's name without the spaces around it.
   *
   * @throws WireException {@code bad-version-name} when it is missing, blank, longer than {@link
   *     #MAX_VERSION_NAME} or holds a control character
   */
  public static String requireVersionName(String name) {
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty()
        || trimmed.length() > MAX_VERSION_NAME
        || CONTROL.matcher(trimmed).find()) {
      throw new WireException(
          ErrorCodes.BAD_VERSION_NAME,
          "a version's name is 1-"
              + MAX_VERSION_NAME
              + " characters on one line, got '"
              + (name == null ? "" : name.substring(0, Math.min(name.length(), 120)))
              + "'");
    }
    return trimmed;
  }
}
