package dev.ensemble.wire;

import java.util.regex.Pattern;

/** The shapes of room ids and language names, shared by the WebSocket and REST paths. */
public final class Names {

  public static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  public static final Pattern LANGUAGE = Pattern.compile("[a-z0-9][a-z0-9+#._-]{0,31}");
  public static final String DEFAULT_LANGUAGE = "plaintext";

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
}
