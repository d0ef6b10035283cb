package dev.ensemble.access;

/** The issuer's keys cannot be fetched now: nobody can be checked, so try again later (503). */
public final class KeysUnavailableException extends RuntimeException {

  public KeysUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
