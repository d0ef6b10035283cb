package dev.ensemble.ot;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A batch of seeded random cases for a property test, run as one invocation of a parameterised
 * test. Each case draws from its own seed, derived from one fixed seed and the case's number, so CI
 * runs the same cases every time and a failure names the single case to rerun ({@code
 * -Dot.case=N}). {@code -Dot.tries=N} sets the cases per property, 10,000 by default.
 */
public record CaseBatch(long first, long count) {

  private static final long SEED = 20261126L;
  private static final long SIZE = 1_000;

  /** The batches of every property: all cases, or only {@code -Dot.case}. */
  public static Stream<CaseBatch> all() {
    Long only = Long.getLong("ot.case");
    if (only != null) {
      return Stream.of(new CaseBatch(only, 1));
    }
    long tries = Long.getLong("ot.tries", 10_000);
    return LongStream.iterate(0, first -> first < tries, first -> first + SIZE)
        .mapToObj(first -> new CaseBatch(first, Math.min(SIZE, tries - first)));
  }

  /** Checks {@code property} on the value {@code generator} draws for each case of the batch. */
  public <T> void check(Function<Random, T> generator, Consumer<T> property) {
    for (long n = first; n < first + count; n++) {
      long seed = new SplittableRandom(SEED + n).nextLong();
      T value = generator.apply(new Random(seed));
      try {
        property.accept(value);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "case %d (seed %d; -Dot.case=%d reruns it) fails for %s: %s"
                .formatted(n, seed, n, value, e.getMessage()),
            e);
      }
    }
  }

  @Override
  public String toString() {
    return count == 1 ? "case " + first : "cases " + first + "-" + (first + count - 1);
  }
}
