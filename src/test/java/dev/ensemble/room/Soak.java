package dev.ensemble.room;

import java.util.stream.LongStream;

/**
 * Sizes of randomised runs: small with fixed seeds in CI; {@code -Dsoak.seeds=N -Dsoak.steps=M}
 * runs more seeds and longer histories.
 */
final class Soak {

  private Soak() {}

  static LongStream seeds(int ciSeeds) {
    return LongStream.rangeClosed(1, Long.getLong("soak.seeds", ciSeeds));
  }

  static int steps(int ciSteps) {
    return Integer.getInteger("soak.steps", ciSteps);
  }
}
