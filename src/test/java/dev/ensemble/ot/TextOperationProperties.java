package dev.ensemble.ot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.ot.TextOperation.Transformed;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The algebra every server and client relies on, over random documents with characters outside the
 * BMP. Each property runs {@code -Dot.tries} seeded cases (10,000 by default, the same every run),
 * in the batches of {@link CaseBatch}.
 */
class TextOperationProperties {

  record Pair(String doc, TextOperation a, TextOperation b) {

    static Pair concurrentEdits(Random random) {
      String doc = RandomEdits.document(random, 30);
      return new Pair(doc, RandomEdits.operation(doc, random), RandomEdits.operation(doc, random));
    }

    /** A document whose characters are all distinct, and one edit of it. */
    static Pair editOfDistinctCharacters(Random random) {
      StringBuilder doc = new StringBuilder();
      int length = random.nextInt(25);
      for (int i = 0; i < length; i++) {
        doc.appendCodePoint(random.nextBoolean() ? 0x4E00 + i : 0x20000 + i);
      }
      String text = doc.toString();
      return new Pair(text, RandomEdits.operation(text, random), null);
    }
  }

  record Sequence(String doc, TextOperation first, TextOperation second) {

    static Sequence consecutiveEdits(Random random) {
      String doc = RandomEdits.document(random, 30);
      TextOperation first = RandomEdits.operation(doc, random);
      TextOperation second = RandomEdits.operation(first.apply(doc), random);
      return new Sequence(doc, first, second);
    }
  }

  static Stream<CaseBatch> cases() {
    return CaseBatch.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void transformConverges(CaseBatch cases) {
    cases.check(
        Pair::concurrentEdits,
        edits -> {
          Transformed t = TextOperation.transform(edits.a(), edits.b());

          String viaA = t.bPrime().apply(edits.a().apply(edits.doc()));
          String viaB = t.aPrime().apply(edits.b().apply(edits.doc()));

          assertThat(viaA).isEqualTo(viaB);
          assertThat(edits.a().compose(t.bPrime())).isEqualTo(edits.b().compose(t.aPrime()));
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void composeEqualsApplyingInTurn(CaseBatch cases) {
    cases.check(
        Sequence::consecutiveEdits,
        edits -> {
          TextOperation composed = edits.first().compose(edits.second());

          assertThat(composed.apply(edits.doc()))
              .isEqualTo(edits.second().apply(edits.first().apply(edits.doc())));
          assertThat(composed.baseLength()).isEqualTo(edits.first().baseLength());
          assertThat(composed.targetLength()).isEqualTo(edits.second().targetLength());
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void invertRestoresTheDocument(CaseBatch cases) {
    cases.check(
        Pair::concurrentEdits,
        edits -> {
          String after = edits.a().apply(edits.doc());
          TextOperation inverse = edits.a().invert(edits.doc());

          assertThat(inverse.apply(after)).isEqualTo(edits.doc());
          assertThat(inverse.invert(after)).isEqualTo(edits.a());
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void lengthsMatchTheDocuments(CaseBatch cases) {
    cases.check(
        Pair::concurrentEdits,
        edits -> {
          assertThat(edits.a().baseLength()).isEqualTo(edits.doc().length());
          assertThat(edits.a().apply(edits.doc())).hasSize(edits.a().targetLength());
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void positionFollowsTheInsertAtIt(CaseBatch cases) {
    cases.check(
        Pair::concurrentEdits,
        edits -> {
          String doc = edits.doc();
          int position = doc.offsetByCodePoints(0, doc.codePointCount(0, doc.length()) / 2);
          TextOperation marker =
              TextOperation.builder()
                  .retain(position)
                  .insert("§")
                  .retain(doc.length() - position)
                  .build();

          String after = edits.a().apply(doc);

          String markerSecond = TextOperation.transform(edits.a(), marker).bPrime().apply(after);
          String markerFirst = TextOperation.transform(marker, edits.a()).aPrime().apply(after);

          assertThat(markerSecond.indexOf('§'))
              .isEqualTo(TextOperation.transformPosition(position, edits.a(), false));
          assertThat(markerFirst.indexOf('§'))
              .isEqualTo(TextOperation.transformPosition(position, edits.a(), true));
        });
  }

  /**
   * With every character of the document distinct, where each one lands after {@code apply} can be
   * read off the result, and the transformed position of a character must be exactly there.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void positionsAgreeWithApply(CaseBatch cases) {
    cases.check(
        Pair::editOfDistinctCharacters,
        edits -> {
          String doc = edits.doc();
          TextOperation op = edits.a();
          String after = op.apply(doc);
          int survivorsBefore = 0;
          int previous = 0;
          for (int p = 0;
              p <= doc.length();
              p = p < doc.length() ? doc.offsetByCodePoints(p, 1) : p + 1) {
            int moved = TextOperation.transformPosition(p, op, false);
            int stayed = TextOperation.transformPosition(p, op, true);

            assertThat(stayed).isBetween(previous, moved);
            assertThat(originalCharacters(doc, after.substring(stayed, moved))).isZero();
            assertThat(originalCharacters(doc, after.substring(0, moved)))
                .isEqualTo(survivorsBefore);
            if (p < doc.length()) {
              String character = doc.substring(p, doc.offsetByCodePoints(p, 1));
              int landed = after.indexOf(character);
              if (landed >= 0) {
                assertThat(landed).isEqualTo(moved);
                survivorsBefore++;
              }
            }
            previous = moved;
          }
        });
  }

  private static long originalCharacters(String doc, String text) {
    return text.codePoints().filter(c -> doc.indexOf(c) >= 0).count();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void selectionMovesBothEndsLikePositions(CaseBatch cases) {
    cases.check(
        Pair::concurrentEdits,
        edits -> {
          Selection whole = new Selection(edits.doc().length(), 0);

          Selection after = whole.transform(edits.a(), false);
          Selection before = whole.transform(edits.a(), true);

          assertThat(after.from()).isEqualTo(edits.a().targetLength());
          assertThat(before.to()).isZero();
          assertThat(after.to()).isEqualTo(TextOperation.transformPosition(0, edits.a(), false));
          assertThat(before.from())
              .isEqualTo(TextOperation.transformPosition(edits.doc().length(), edits.a(), true));
        });
  }
}
