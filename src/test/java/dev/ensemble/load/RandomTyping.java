package dev.ensemble.load;

import dev.ensemble.ot.TextOperation;
import java.util.Random;

/** What a simulated user types: a letter or a backspace somewhere, keeping the text small. */
final class RandomTyping {

  private static final int MAX_LENGTH = 2000;

  private RandomTyping() {}

  static TextOperation next(String doc, Random random) {
    int at = doc.isEmpty() ? 0 : random.nextInt(doc.length() + 1);
    TextOperation.Builder op = TextOperation.builder().retain(at);
    if (at < doc.length() && (doc.length() > MAX_LENGTH || random.nextInt(10) < 3)) {
      return op.delete(1).retain(doc.length() - at - 1).build();
    }
    return op.insert(Character.toString('a' + random.nextInt(26)))
        .retain(doc.length() - at)
        .build();
  }
}
