package dev.ensemble.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ensemble.ot.TextOperation;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Decoding takes time linear in the frame. Merging each insert into the text so far by
 * concatenation was quadratic: a frame of 160,000 one-character inserts took seconds of a room's
 * thread.
 */
class LargeOperationDecodingTest {

  /** The most one-character inserts ({@code "a",}) a frame within the default 1 MiB limit holds. */
  private static final int INSERTS = 262_144;

  /**
   * Here, after warm-up, the linear decoding takes 25-100 ms and the quadratic one took 4-14 s; the
   * bound leaves a tenfold margin for a loaded machine.
   */
  private static final Duration BOUND = Duration.ofSeconds(1);

  @Test
  void decodesTheLargestFrameOfOneCharacterInsertsInLinearTime() {
    JsonArray warmUp = frameOfInserts(20_000);
    for (int i = 0; i < 5; i++) {
      TextOperationJson.fromJson(warmUp);
    }
    JsonArray frame = frameOfInserts(INSERTS);

    TextOperation op = assertTimeoutPreemptively(BOUND, () -> TextOperationJson.fromJson(frame));

    assertThat(op.components()).hasSize(1);
    assertThat(op.targetLength()).isEqualTo(INSERTS);
    assertThat(op.toJson().get(0)).isEqualTo(textOf(INSERTS));
  }

  private static JsonArray frameOfInserts(int count) {
    JsonArrayBuilder frame = JsonSupport.PROVIDER.createArrayBuilder();
    for (int i = 0; i < count; i++) {
      frame.add(String.valueOf(letter(i)));
    }
    return frame.build();
  }

  private static String textOf(int count) {
    StringBuilder text = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      text.append(letter(i));
    }
    return text.toString();
  }

  private static char letter(int i) {
    return (char) ('a' + i % 26);
  }
}
