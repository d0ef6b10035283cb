package dev.ensemble.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.ot.TextOperation;
import dev.ensemble.store.CommittedOp;
import org.junit.jupiter.api.Test;

class OpWindowTest {

  private static CommittedOp insert(long v, int length) {
    return new CommittedOp(
        "r", v, TextOperation.builder().insert("x".repeat(length)).build(), "s", v, v);
  }

  @Test
  void keepsAtMostItsCapacityOfOperations() {
    OpWindow window = new OpWindow(3, Long.MAX_VALUE);
    for (long v = 1; v <= 5; v++) {
      window.add(insert(v, 1));
    }

    assertThat(window.first()).get().extracting(CommittedOp::v).isEqualTo(3L);
    assertThat(window.between(2, 5)).get().asList().hasSize(3);
    assertThat(window.between(1, 5)).isEmpty();
  }

  @Test
  void keepsAtMostItsBytesWhateverTheCount() {
    long big = OpWindow.weight(insert(1, 100_000));
    OpWindow window = new OpWindow(1000, 2 * big + big / 2);
    for (long v = 1; v <= 5; v++) {
      window.add(insert(v, 100_000));
    }

    assertThat(window.first()).get().extracting(CommittedOp::v).isEqualTo(4L);
  }

  @Test
  void anOperationLargerThanTheBytesIsStillKeptAlone() {
    OpWindow window = new OpWindow(1000, 10);
    window.add(insert(1, 1000));

    assertThat(window.between(0, 1)).get().asList().hasSize(1);
  }
}
