package dev.ensemble.wire;

/** A message that breaks the protocol, with the stable error code the client receives. */
public final class WireException extends RuntimeException {

  private final String code;

  public WireException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
