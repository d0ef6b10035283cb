package dev.ensemble.ws;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a client's message together from the parts the container delivers, holding at most {@code
 * limit} bytes: the rest of a larger message is counted and dropped. The start of an oversized
 * message is kept, so that the refusal can name the submission it was ({@code seq} comes before the
 * operation in the clients' messages).
 */
final class FrameAssembler {

  /** What came of the parts so far. */
  sealed interface Result {}

  /** The message is complete. */
  record Complete(String text) implements Result {}

  /** The message was larger than the limit; {@code seq} if its start named one, else null. */
  record TooLarge(long bytes, Long seq) implements Result {}

  /** More parts are to come. */
  record Incomplete() implements Result {}

  private static final int HEAD = 256;
  private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d{1,15})");
  private static final Incomplete INCOMPLETE = new Incomplete();

  private final int limit;
  private final StringBuilder parts = new StringBuilder();
  private long bytes;
  private String head;

  FrameAssembler(int limit) {
    this.limit = limit;
  }

  Result add(String part, boolean last) {
    if (head == null && parts.isEmpty() && last) {
      // the common case: a whole message in one part
      bytes = utf8Length(part);
      return finish(part);
    }
    bytes += utf8Length(part);
    if (head == null) {
      if (bytes <= limit) {
        parts.append(part);
      } else {
        parts.append(part, 0, Math.min(part.length(), Math.max(0, HEAD - parts.length())));
        head = parts.substring(0, Math.min(HEAD, parts.length()));
        parts.setLength(0);
      }
    }
    if (!last) {
      return INCOMPLETE;
    }
    String text = parts.toString();
    parts.setLength(0);
    return finish(text);
  }

  private Result finish(String text) {
    long size = bytes;
    String start = head;
    bytes = 0;
    head = null;
    if (start == null && size <= limit) {
      return new Complete(text);
    }
    String prefix = start != null ? start : text.substring(0, Math.min(HEAD, text.length()));
    Matcher seq = SEQ.matcher(prefix);
    return new TooLarge(size, seq.find() ? Long.valueOf(seq.group(1)) : null);
  }

  /** Characters held for the message being put together. */
  int held() {
    return parts.length();
  }

  /** Bytes of {@code s} in UTF-8, without encoding it. */
  static long utf8Length(CharSequence s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
