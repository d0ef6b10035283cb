package dev.ensemble.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.ot.TextOperation;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineBlameTest {

  private static final Author ANN = new Author("ann", 1, 10);
  private static final Author BOB = new Author("bob", 2, 20);

  private static final String DOC = "one\ntwo\nthree";

  private static List<String> srcs(LineBlame blame) {
    return java.util.stream.IntStream.range(0, blame.lines())
        .mapToObj(i -> blame.authorOf(i).src())
        .toList();
  }

  private static LineBlame byAnn() {
    return LineBlame.of(DOC, ANN);
  }

  @Test
  void aDocumentOfTwoLineBreaksHasThreeLinesByItsAuthor() {
    assertThat(srcs(byAnn())).containsExactly("ann", "ann", "ann");
    assertThat(LineBlame.of("", ANN).lines()).isEqualTo(1);
  }

  @Test
  void typingInALineMakesOnlyThatLineTheTypists() {
    TextOperation op = TextOperation.builder().retain(5).insert("X").retain(8).build();

    assertThat(srcs(byAnn().after(DOC, op, BOB))).containsExactly("ann", "bob", "ann");
  }

  @Test
  void insertedWholeLinesAreTheTypistsAndTheLinesAroundThemKeepTheirs() {
    // "one\n" + "new\n" + "two\nthree"
    TextOperation op = TextOperation.builder().retain(4).insert("new\n").retain(9).build();

    assertThat(srcs(byAnn().after(DOC, op, BOB))).containsExactly("ann", "bob", "ann", "ann");
  }

  @Test
  void aLineAddedAtTheEndOfALineIsTheTypistsAndTheLineBeforeKeepsItsAuthor() {
    TextOperation op = TextOperation.builder().retain(3).insert("\nnew").retain(10).build();

    assertThat(srcs(byAnn().after(DOC, op, BOB))).containsExactly("ann", "bob", "ann", "ann");
  }

  @Test
  void deletingAWholeLineLeavesTheNextLineItsAuthor() {
    TextOperation op = TextOperation.builder().retain(4).delete(4).retain(5).build();

    assertThat(srcs(byAnn().after(DOC, op, BOB))).containsExactly("ann", "ann");
  }

  @Test
  void joiningTwoLinesMakesTheJoinedLineTheJoiners() {
    TextOperation op = TextOperation.builder().retain(3).delete(1).retain(9).build();

    assertThat(srcs(byAnn().after(DOC, op, BOB))).containsExactly("bob", "ann");
  }

  @Test
  void deletingWithinALineMakesItTheDeleters() {
    TextOperation op = TextOperation.builder().retain(8).delete(2).retain(3).build();

    assertThat(srcs(byAnn().after(DOC, op, BOB))).containsExactly("ann", "ann", "bob");
  }

  @Test
  void anOperationThatChangesNothingKeepsEveryAuthor() {
    assertThat(srcs(byAnn().after(DOC, TextOperation.identity(DOC.length()), BOB)))
        .containsExactly("ann", "ann", "ann");
  }

  @Test
  void runsFoldNeighboursOfOneAuthorAndComeBackWhole() {
    TextOperation op = TextOperation.builder().retain(5).insert("X").retain(8).build();
    LineBlame blame = byAnn().after(DOC, op, BOB);

    assertThat(blame.runs())
        .containsExactly(new BlameRun(1, ANN), new BlameRun(1, BOB), new BlameRun(1, ANN));
    assertThat(srcs(LineBlame.fromRuns(blame.runs()))).isEqualTo(srcs(blame));
  }

  @Test
  void theBlameAlwaysHasAsManyLinesAsTheDocument() {
    java.util.Random random = new java.util.Random(7);
    String text = DOC;
    LineBlame blame = byAnn();
    for (int i = 0; i < 2000; i++) {
      TextOperation op = randomEdit(text, random);
      blame = blame.after(text, op, new Author("s" + (i % 3), i + 1, i));
      text = op.apply(text);
      assertThat(blame.lines()).as("after %d edits", i + 1).isEqualTo(text.split("\n", -1).length);
    }
  }

  /** Deletes a random stretch and inserts random text with line breaks at a random place. */
  static TextOperation randomEdit(String text, java.util.Random random) {
    int at = random.nextInt(text.length() + 1);
    int gone = Math.min(text.length() - at, random.nextInt(4));
    StringBuilder typed = new StringBuilder();
    for (int n = random.nextInt(4); n > 0; n--) {
      typed.append("ab\n".charAt(random.nextInt(3)));
    }
    TextOperation.Builder op = TextOperation.builder().retain(at);
    if (gone > 0) {
      op.delete(gone);
    }
    if (typed.length() > 0) {
      op.insert(typed.toString());
    }
    return op.retain(text.length() - at - gone).build();
  }
}
