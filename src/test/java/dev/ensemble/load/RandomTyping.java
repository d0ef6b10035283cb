package dev.ensemble.load;

import dev.ensemble.ot.TextOperation;
import java.util.Random;

/** What a simulated user types: a letter or a backspace somewhere, keeping the text small. */
final class RandomTyping {

  private static final int MAX_LENGTH = 2000;

  private RandomTyping() {}

  /** One keystroke: delete the character at {@code at}, or insert {@code letter} there. */
  record Keystroke(int at, boolean delete, String letter) {}

  static Keystroke next(int length, Random random) {
    int at = length == 0 ? 0 : random.nextInt(length + 1);
    if (at < length && (length > MAX_LENGTH || random.nextInt(10) < 3)) {
      return new Keystroke(at, true, "");
    }
    return new Keystroke(at, false, Character.toString('a' + random.nextInt(26)));
  }

  static TextOperation next(String doc, Random random) {
    Keystroke key = next(doc.length(), random);
    TextOperation.Builder op = TextOperation.builder().retain(key.at());
    if (key.delete()) {
      return op.delete(1).retain(doc.length() - key.at() - 1).build();
    }
    return op.insert(key.letter()).retain(doc.length() - key.at()).build();
  }
}
