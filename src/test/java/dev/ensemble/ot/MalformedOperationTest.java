package dev.ensemble.ot;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ensemble.ot.InvalidOperationException.Problem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every malformed input ends in {@link InvalidOperationException}, never an NPE or worse. */
class MalformedOperationTest {

  private static AbstractThrowableAssert<?, ?> rejects(Executable call, Problem problem) {
    return assertThatThrownBy(call::execute)
        .isInstanceOf(InvalidOperationException.class)
        .satisfies(
            e ->
                org.assertj.core.api.Assertions.assertThat(
                        ((InvalidOperationException) e).problem())
                    .isEqualTo(problem));
  }

  private static Executable parse(Object... values) {
    return () -> TextOperation.fromJson(Arrays.asList(values));
  }

  @Test
  void emptyInsert() {
    rejects(parse(3, ""), Problem.EMPTY_INSERT).hasMessageContaining("component 1");
  }

  @Test
  void zeroRetain() {
    rejects(parse(0), Problem.ZERO_LENGTH).hasMessageContaining("component 0 is zero");
    rejects(parse(1, new BigDecimal("0.0")), Problem.ZERO_LENGTH);
  }

  @Test
  void fractionalNumbers() {
    rejects(parse(new BigDecimal("2.5")), Problem.NOT_AN_INTEGER).hasMessageContaining("2.5");
    rejects(parse(1.5d), Problem.NOT_AN_INTEGER);
    rejects(parse(Double.NaN), Problem.NOT_AN_INTEGER).hasMessageContaining("finite");
    rejects(parse(Double.POSITIVE_INFINITY), Problem.NOT_AN_INTEGER);
  }

  @Test
  void integralDecimalsAreAccepted() throws Throwable {
    parse(new BigDecimal("3.000"), "x").execute();
    parse(2.0d, -1L).execute();
  }

  @Test
  void hugeNumbers() {
    rejects(parse(3_000_000_000L), Problem.OUT_OF_RANGE).hasMessageContaining("out of range");
    rejects(parse(new BigDecimal("1e999999999")), Problem.OUT_OF_RANGE);
    rejects(parse(new BigInteger("-99999999999999999999")), Problem.OUT_OF_RANGE);
    rejects(parse((long) Integer.MIN_VALUE), Problem.OUT_OF_RANGE);
    rejects(parse(Integer.MAX_VALUE, 1), Problem.OUT_OF_RANGE).hasMessageContaining("spans");
  }

  @Test
  void nestedArrays() {
    rejects(parse(1, List.of(2)), Problem.NESTED_ARRAY).hasMessageContaining("component 1");
    rejects(parse((Object) new Object[] {1}), Problem.NESTED_ARRAY);
  }

  @Test
  void nullsAndOtherTypes() {
    rejects(() -> TextOperation.fromJson(null), Problem.NULL_COMPONENT);
    rejects(parse(1, null), Problem.NULL_COMPONENT).hasMessageContaining("component 1 is null");
    rejects(parse(true), Problem.NOT_A_COMPONENT).hasMessageContaining("Boolean");
    rejects(parse(Map.of("retain", 1)), Problem.NOT_A_COMPONENT);
    rejects(() -> TextOperation.builder().insert(null), Problem.NULL_COMPONENT);
    rejects(() -> new Component.Insert(null), Problem.NULL_COMPONENT);
    rejects(() -> new Component.Retain(0), Problem.ZERO_LENGTH);
    rejects(() -> new Component.Delete(-4), Problem.OUT_OF_RANGE);
    rejects(() -> TextOperation.builder().retain(-1), Problem.OUT_OF_RANGE);
  }

  @Test
  void baseLengthThatDoesNotMatchTheDocument() {
    TextOperation op = TextOperation.fromJson(List.of(3, "x"));

    rejects(() -> op.apply("ab"), Problem.BASE_LENGTH_MISMATCH)
        .hasMessageContaining("base length 3")
        .hasMessageContaining("document length 2");
    rejects(() -> op.apply(null), Problem.NULL_COMPONENT);
    rejects(() -> op.invert("abcd"), Problem.BASE_LENGTH_MISMATCH);
    rejects(() -> op.compose(op), Problem.BASE_LENGTH_MISMATCH);
    rejects(
        () -> TextOperation.transform(op, TextOperation.identity(4)), Problem.BASE_LENGTH_MISMATCH);
  }

  @Test
  void operationThatSplitsASurrogatePair() {
    String doc = "a😀b";

    rejects(
            () -> TextOperation.fromJson(List.of(2, "x", 2)).apply(doc),
            Problem.SPLITS_SURROGATE_PAIR)
        .hasMessageContaining("surrogate pair at 1");
    rejects(
        () -> TextOperation.fromJson(List.of(1, -1, 2)).apply(doc), Problem.SPLITS_SURROGATE_PAIR);
    rejects(() -> TextOperation.fromJson(List.of(2, -2)).apply(doc), Problem.SPLITS_SURROGATE_PAIR);
  }

  @Test
  void insertWithAnUnpairedSurrogate() {
    rejects(parse("ab\uD83D"), Problem.UNPAIRED_SURROGATE).hasMessageContaining("index 2");
    rejects(parse("\uDE00x"), Problem.UNPAIRED_SURROGATE).hasMessageContaining("index 0");
  }

  @Test
  void positionOutsideTheDocument() {
    TextOperation op = TextOperation.identity(3);

    rejects(() -> TextOperation.transformPosition(4, op, true), Problem.POSITION_OUT_OF_RANGE);
    rejects(() -> TextOperation.transformPosition(-1, op, true), Problem.POSITION_OUT_OF_RANGE);
  }
}
