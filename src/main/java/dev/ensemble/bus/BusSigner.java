package dev.ensemble.bus;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs what a server publishes with a key every server of the deployment shares (kept in the
 * store), and checks what it receives, so that a message someone else put on a room's channel is
 * dropped instead of applied. A signed message is {@code tag.message}, the tag the first 128 bits
 * of its HMAC-SHA256 in base64url.
 */
final class BusSigner {

  private static final int TAG_LENGTH = 22;

  private final Supplier<Optional<byte[]>> key;
  private final ThreadLocal<Mac> macs = new ThreadLocal<>();
  private volatile byte[] keyed;

  /** {@code key} is empty until the store has handed it out; nothing is signed or accepted then. */
  BusSigner(Supplier<Optional<byte[]>> key) {
    this.key = key;
  }

  /** The signed form of {@code message}, or empty while there is no key. */
  Optional<String> sign(String message) {
    return tag(message).map(t -> t + "." + message);
  }

  /** The message inside {@code signed}, or empty if its tag is wrong or missing. */
  Optional<String> open(String signed) {
    int dot = signed.indexOf('.');
    if (dot != TAG_LENGTH) {
      return Optional.empty();
    }
    String message = signed.substring(dot + 1);
    Optional<String> expected = tag(message);
    boolean valid =
        expected.isPresent()
            && MessageDigest.isEqual(
                expected.get().getBytes(StandardCharsets.US_ASCII),
                signed.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
    return valid ? Optional.of(message) : Optional.empty();
  }

  private Optional<String> tag(String message) {
    Optional<Mac> mac = mac();
    return mac.map(
        m ->
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(m.doFinal(message.getBytes(StandardCharsets.UTF_8)))
                .substring(0, TAG_LENGTH));
  }

  private Optional<Mac> mac() {
    Mac mac = macs.get();
    if (mac != null) {
      return Optional.of(mac);
    }
    byte[] secret = keyed != null ? keyed : key.get().orElse(null);
    if (secret == null) {
      return Optional.empty();
    }
    keyed = secret;
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
    macs.set(mac);
    return Optional.of(mac);
  }
}
