package dev.ensemble.store;

/**
 * Makes acknowledged writes survive a crash of the process. MongoDB does this through its write
 * concern, so for it this is a no-op; the embedded store needs an explicit commit.
 */
@FunctionalInterface
public interface Durability {

  Durability BY_WRITE_CONCERN = () -> {};

  /**
   * Returns once every write that completed before the call is durable.
   *
   * @throws StoreUnavailableException if the store could not make them durable
   */
  void flush();
}
