package dev.ensemble.ot;

import dev.ensemble.ot.InvalidOperationException.Problem;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Turns the numbers a JSON parser yields into component lengths, refusing any that are not. */
final class WireNumbers {

  private WireNumbers() {}

  /**
   * The number as a non-zero int whose negation is also an int.
   *
   * @throws InvalidOperationException for fractions, NaN, infinities, zero and magnitudes above
   *     {@link Integer#MAX_VALUE}
   */
  static int toInt(Number number, int index) {
    BigDecimal value = exact(number, index);
    if (value.signum() == 0) {
      throw new InvalidOperationException(Problem.ZERO_LENGTH, "component " + index + " is zero");
    }
    // magnitude first, so that a number like 1e999999999 costs nothing to refuse
    if (value.precision() - value.scale() > 10
        || value.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new InvalidOperationException(
          Problem.OUT_OF_RANGE,
          "component "
              + index
              + " is out of range (|n| > "
              + Integer.MAX_VALUE
              + "): "
              + shown(number));
    }
    if (value.stripTrailingZeros().scale() > 0) {
      throw new InvalidOperationException(
          Problem.NOT_AN_INTEGER, "component " + index + " is not an integer: " + shown(number));
    }
    return value.intValueExact();
  }

  private static BigDecimal exact(Number number, int index) {
    if (number instanceof Integer
        || number instanceof Long
        || number instanceof Short
        || number instanceof Byte) {
      return BigDecimal.valueOf(number.longValue());
    }
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    if (number instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    double d = number.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new InvalidOperationException(
          Problem.NOT_AN_INTEGER,
          "component " + index + " is not a finite number: " + shown(number));
    }
    return new BigDecimal(d);
  }

  private static String shown(Number number) {
    String text = String.valueOf(number);
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
