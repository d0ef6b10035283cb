package dev.ensemble.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

  @Test
  void aMessageInOnePartIsComplete() {
    FrameAssembler frames = new FrameAssembler(100);

    assertThat(frames.add("{\"type\":\"pong\"}", true))
        .isEqualTo(new FrameAssembler.Complete("{\"type\":\"pong\"}"));
  }

  @Test
  void partsWithinTheLimitArePutTogether() {
    FrameAssembler frames = new FrameAssembler(100);

    assertThat(frames.add("{\"type\":", false)).isInstanceOf(FrameAssembler.Incomplete.class);
    assertThat(frames.add("\"pong\"}", true))
        .isEqualTo(new FrameAssembler.Complete("{\"type\":\"pong\"}"));
    assertThat(frames.add("{}", true)).isEqualTo(new FrameAssembler.Complete("{}"));
  }

  @Test
  void aLargerMessageIsRefusedNamingItsSeqAndNotHeld() {
    FrameAssembler frames = new FrameAssembler(1000);
    frames.add("{\"type\":\"op\",\"seq\":42,\"v\":3,\"op\":[\"", false);
    for (int i = 0; i < 100; i++) {
      assertThat(frames.add("x".repeat(500), false)).isInstanceOf(FrameAssembler.Incomplete.class);
      assertThat(frames.held()).isLessThanOrEqualTo(1000);
    }

    FrameAssembler.Result result = frames.add("\"]}", true);

    assertThat(result).isInstanceOf(FrameAssembler.TooLarge.class);
    FrameAssembler.TooLarge tooLarge = (FrameAssembler.TooLarge) result;
    assertThat(tooLarge.seq()).isEqualTo(42);
    assertThat(tooLarge.bytes()).isGreaterThan(50_000);
    assertThat(frames.add("{}", true)).isEqualTo(new FrameAssembler.Complete("{}"));
  }

  @Test
  void aLargeMessageWhoseSeqComesLateIsRefusedWithoutOne() {
    FrameAssembler frames = new FrameAssembler(100);
    String message = "{\"op\":[\"" + "x".repeat(1000) + "\"],\"seq\":1}";

    FrameAssembler.Result result = frames.add(message, true);

    assertThat(result).isEqualTo(new FrameAssembler.TooLarge(message.length(), null));
  }

  @Test
  void theLimitCountsUtf8Bytes() {
    FrameAssembler frames = new FrameAssembler(10);

    assertThat(frames.add("ééééé", true)).isInstanceOf(FrameAssembler.Complete.class);
    assertThat(frames.add("éééééé", true)).isInstanceOf(FrameAssembler.TooLarge.class);
    assertThat(FrameAssembler.utf8Length("a\u20ac\uD83D\uDE80")).isEqualTo(1 + 3 + 4);
  }
}
