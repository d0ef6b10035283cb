package dev.ensemble.ot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.ot.TextOperation.Transformed;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TextOperationTest {

  private static final String DOC = "0123456789";

  /** An operation on DOC from its wire form. */
  private static TextOperation op(Object... components) {
    return TextOperation.fromJson(List.of(components));
  }

  /** Transforms a (already in the log) and b, checks TP1, returns the converged text. */
  private static String converge(TextOperation a, TextOperation b) {
    Transformed t = TextOperation.transform(a, b);
    String viaA = t.bPrime().apply(a.apply(DOC));
    String viaB = t.aPrime().apply(b.apply(DOC));
    assertThat(viaA).isEqualTo(viaB);
    return viaA;
  }

  @Nested
  class Building {
    @Test
    void mergesAdjacentComponentsOfOneKind() {
      TextOperation op = op(2, 3, "a", "b", -1, -2, 5);

      assertThat(op.toJson()).containsExactly(5, "ab", -3, 5);
      assertThat(op.baseLength()).isEqualTo(13);
      assertThat(op.targetLength()).isEqualTo(12);
    }

    @Test
    void putsAnInsertBeforeAnAdjacentDelete() {
      assertThat(op(1, -2, "x", 1)).isEqualTo(op(1, "x", -2, 1));
      assertThat(op(1, "x", -2, "y", 1).toJson()).containsExactly(1, "xy", -2, 1);
    }

    @Test
    void emptyOperationAppliesToTheEmptyDocument() {
      assertThat(TextOperation.empty().apply("")).isEmpty();
      assertThat(TextOperation.empty().isNoop()).isTrue();
      assertThat(TextOperation.identity(10).isNoop()).isTrue();
      assertThat(op(3, "x").isNoop()).isFalse();
    }
  }

  @Nested
  class Applying {
    @Test
    void retainsInsertsAndDeletes() {
      assertThat(op(2, "ab", -3, 5).apply(DOC)).isEqualTo("01ab56789");
    }

    @Test
    void keepsSurrogatePairsWhole() {
      String doc = "a😀b";

      assertThat(op(1, -2, 1).apply(doc)).isEqualTo("ab");
      assertThat(op(3, "𝄞", 1).apply(doc)).isEqualTo("a😀𝄞b");
    }
  }

  @Nested
  class InsertAgainstInsert {
    @Test
    void atTheSamePositionTheLoggedInsertGoesFirst() {
      assertThat(converge(op(3, "A", 7), op(3, "B", 7))).isEqualTo("012AB3456789");
      assertThat(converge(op(3, "B", 7), op(3, "A", 7))).isEqualTo("012BA3456789");
    }

    @Test
    void atDifferentPositionsBothLand() {
      assertThat(converge(op(2, "A", 8), op(7, "B", 3))).isEqualTo("01A23456B789");
      assertThat(converge(op(7, "B", 3), op(2, "A", 8))).isEqualTo("01A23456B789");
    }
  }

  @Nested
  class InsertAgainstDelete {
    @Test
    void insertInsideTheDeletedRangeSurvives() {
      assertThat(converge(op(5, "X", 5), op(3, -4, 3))).isEqualTo("012X789");
    }

    @Test
    void insertBeforeTheDeletedRange() {
      assertThat(converge(op(1, "X", 9), op(3, -4, 3))).isEqualTo("0X12789");
    }

    @Test
    void insertAfterTheDeletedRange() {
      assertThat(converge(op(8, "X", 2), op(3, -4, 3))).isEqualTo("0127X89");
    }

    @Test
    void insertAtEitherEdgeOfTheDeletedRange() {
      assertThat(converge(op(3, "X", 7), op(3, -4, 3))).isEqualTo("012X789");
      assertThat(converge(op(7, "X", 3), op(3, -4, 3))).isEqualTo("012X789");
    }
  }

  @Nested
  class DeleteAgainstInsert {
    @Test
    void loggedDeleteAroundAnInsert() {
      assertThat(converge(op(3, -4, 3), op(5, "X", 5))).isEqualTo("012X789");
    }

    @Test
    void loggedDeleteBeforeAndAfterAnInsert() {
      assertThat(converge(op(-2, 8), op(5, "X", 5))).isEqualTo("234X56789");
      assertThat(converge(op(8, -2), op(5, "X", 5))).isEqualTo("01234X567");
    }
  }

  @Nested
  class DeleteAgainstDelete {
    @Test
    void disjointRanges() {
      assertThat(converge(op(1, -2, 7), op(6, -3, 1))).isEqualTo("03459");
    }

    @Test
    void overlappingRanges() {
      assertThat(converge(op(2, -4, 4), op(4, -4, 2))).isEqualTo("0189");
    }

    @Test
    void nestedRanges() {
      assertThat(converge(op(1, -8, 1), op(3, -2, 5))).isEqualTo("09");
      assertThat(converge(op(3, -2, 5), op(1, -8, 1))).isEqualTo("09");
    }

    @Test
    void identicalRanges() {
      Transformed t = TextOperation.transform(op(2, -3, 5), op(2, -3, 5));

      assertThat(t.aPrime().isNoop()).isTrue();
      assertThat(t.bPrime().isNoop()).isTrue();
      assertThat(converge(op(2, -3, 5), op(2, -3, 5))).isEqualTo("0156789");
    }
  }

  @Nested
  class Composing {
    @Test
    void insertThenDeletePartOfIt() {
      TextOperation first = op(2, "abc", 8);
      TextOperation second = op(3, -1, 9);

      assertThat(first.compose(second)).isEqualTo(op(2, "ac", 8));
    }

    @Test
    void thousandKeystrokesBecomeOneInsert() {
      TextOperation typed = TextOperation.identity(DOC.length());
      for (int i = 0; i < 1000; i++) {
        typed = typed.compose(op(5 + i, "k", 5));
      }

      assertThat(typed).isEqualTo(op(5, "k".repeat(1000), 5));
    }
  }

  @Nested
  class Inverting {
    @Test
    void invertRestoresDeletedText() {
      TextOperation op = op(2, "ab", -3, 5);

      assertThat(op.invert(DOC)).isEqualTo(op(2, -2, "234", 5));
      assertThat(op.invert(DOC).apply(op.apply(DOC))).isEqualTo(DOC);
    }
  }

  @Nested
  class Positions {
    @Test
    void movesPastEarlierInserts() {
      assertThat(TextOperation.transformPosition(5, op(2, "ab", 8), true)).isEqualTo(7);
    }

    @Test
    void insertAtThePositionDependsOnWhoGoesFirst() {
      assertThat(TextOperation.transformPosition(5, op(5, "ab", 5), true)).isEqualTo(5);
      assertThat(TextOperation.transformPosition(5, op(5, "ab", 5), false)).isEqualTo(7);
    }

    @Test
    void insideADeletedRangeMovesToItsStart() {
      assertThat(TextOperation.transformPosition(5, op(3, -4, 3), false)).isEqualTo(3);
      assertThat(TextOperation.transformPosition(8, op(3, -4, 3), false)).isEqualTo(4);
    }

    @Test
    void selectionTransformsBothEnds() {
      Selection selection = new Selection(7, 2);

      assertThat(selection.transform(op(1, -3, "xy", 6), false)).isEqualTo(new Selection(6, 3));
      assertThat(Selection.caret(4).isCaret()).isTrue();
    }
  }
}
