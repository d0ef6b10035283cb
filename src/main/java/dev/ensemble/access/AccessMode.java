package dev.ensemble.access;

import java.util.Locale;

/** How people reach rooms, chosen by {@code ENSEMBLE_ACCESS}. */
public enum AccessMode {
  /** Rooms are reached through share links whose secrets travel in the URL fragment. */
  LINKS,
  /**
   * People sign in at an OpenID Connect issuer, programs send its JWTs; rooms have owners and are
   * shared with people, groups or everyone signed in.
   */
  SIGNIN,
  /** Anyone who can reach the server reads and edits every room: trusted networks, load tests. */
  OPEN;

  public static final String SETTING = "ENSEMBLE_ACCESS";

  /**
   * @throws IllegalArgumentException naming the setting for anything but the modes this server has
   */
  public static AccessMode of(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "links" -> LINKS;
      case "signin" -> SIGNIN;
      case "open" -> OPEN;
      default ->
          throw new IllegalArgumentException(
              SETTING + " must be 'links', 'signin' or 'open', was '" + value + "'");
    };
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
