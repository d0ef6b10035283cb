package dev.ensemble.ot;

import java.util.Random;

/**
 * Random documents and operations for property tests. Documents mix ASCII, other BMP characters and
 * characters outside the BMP; operations only cut between code points, as real editors do.
 */
public final class RandomEdits {

  private static final int[] ALPHABET = {
    'a', 'b', 'c', ' ', '\n', '{', '}', 'é', 'ß', '中', '文', 0x1F600, 0x1F680, 0x1D11E, 0x10348
  };

  private RandomEdits() {}

  public static String document(Random random, int maxCodePoints) {
    return text(random, random.nextInt(maxCodePoints + 1));
  }

  public static String text(Random random, int codePoints) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < codePoints; i++) {
      text.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return text.toString();
  }

  /** A random operation whose base is {@code doc}, of one to a few components. */
  public static TextOperation operation(String doc, Random random) {
    TextOperation.Builder op = TextOperation.builder();
    int pos = 0;
    while (pos < doc.length()) {
      int units = unitsOfCodePoints(doc, pos, 1 + random.nextInt(Math.max(1, maxSpan(doc))));
      switch (random.nextInt(5)) {
        case 0 -> op.insert(text(random, 1 + random.nextInt(4)));
        case 1 -> {
          op.delete(units);
          pos += units;
        }
        default -> {
          op.retain(units);
          pos += units;
        }
      }
    }
    if (random.nextInt(3) == 0) {
      op.insert(text(random, 1 + random.nextInt(4)));
    }
    return op.build();
  }

  private static int maxSpan(String doc) {
    return doc.length() / 3 + 1;
  }

  /** How many UTF-16 units the next {@code codePoints} code points from {@code pos} take. */
  private static int unitsOfCodePoints(String doc, int pos, int codePoints) {
    int end = pos;
    for (int i = 0; i < codePoints && end < doc.length(); i++) {
      end += Character.charCount(doc.codePointAt(end));
    }
    return end - pos;
  }
}
