package dev.ensemble.store;

/** The store did not answer or refused for a reason that may pass; the request can be retried. */
public final class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
