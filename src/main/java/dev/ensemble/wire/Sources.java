package dev.ensemble.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Operation sources bound to sessions. A client keeps a secret key across reconnects and says it in
 * its {@code hello}; its source is a hash of the key. Sources travel with every operation, so
 * everyone knows everyone's, but only the holder of a key can submit under its source: nobody can
 * have another person's edit taken for a resend and dropped.
 */
public final class Sources {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{16,128}");

  private Sources() {}

  /** The source of the client holding {@code key}. */
  public static String fromKey(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(("ensemble-src:" + key).getBytes(StandardCharsets.UTF_8));
      return "s" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * @throws WireException unless {@code key} is 16-128 letters, digits, '_' or '-'
   */
  public static String requireKey(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new WireException(
          ErrorCodes.BAD_MESSAGE, "field 'key' must be 16-128 letters, digits, '_' or '-'");
    }
    return key;
  }
}
