package dev.ensemble.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every bus must do; each implementation runs it. */
abstract class OperationBusContract {

  /** A bus connected to the same medium as every other one this test creates. */
  abstract OperationBus newBus();

  OperationBus sender;
  OperationBus receiver;
  final RecordingListener heard = new RecordingListener();

  @BeforeEach
  void createBuses() {
    sender = newBus();
    receiver = newBus();
    receiver.listen(heard);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sender.isConnected() && receiver.isConnected());
  }

  @AfterEach
  void closeBuses() {
    sender.close();
    receiver.close();
  }

  @Test
  void aSubscriptionIsActiveWhenItsStageCompletes() {
    receiver.subscribe("alpha").toCompletableFuture().join();
    sender.publish("alpha", "first");

    await().atMost(Duration.ofSeconds(5)).until(() -> heard.messages.contains("alpha:first"));
  }

  @Test
  void deliversOnlyTheRoomsSubscribedTo() {
    receiver.subscribe("alpha").toCompletableFuture().join();
    receiver.subscribe("beta").toCompletableFuture().join();
    receiver.unsubscribe("alpha");

    sender.publish("alpha", "not for you");
    sender.publish("gamma", "nor this");
    sender.publish("beta", "marker");

    await().atMost(Duration.ofSeconds(5)).until(() -> heard.messages.contains("beta:marker"));
    assertThat(heard.messages).containsExactly("beta:marker");
  }

  @Test
  void aRoomSubscribedTwiceStaysSubscribedUntilBothLeave() {
    receiver.subscribe("alpha").toCompletableFuture().join();
    // a room unloading while the same room opens again
    receiver.subscribe("alpha").toCompletableFuture().join();
    receiver.unsubscribe("alpha");

    sender.publish("alpha", "still here");
    await().atMost(Duration.ofSeconds(5)).until(() -> heard.messages.contains("alpha:still here"));

    receiver.unsubscribe("alpha");
    sender.publish("alpha", "gone");
    receiver.subscribe("beta").toCompletableFuture().join();
    sender.publish("beta", "marker");
    await().atMost(Duration.ofSeconds(5)).until(() -> heard.messages.contains("beta:marker"));
    assertThat(heard.messages).doesNotContain("alpha:gone");
  }

  @Test
  void aClosedBusNeitherSendsNorReceives() {
    receiver.subscribe("alpha");
    OperationBus closed = newBus();
    closed.listen(heard);
    closed.subscribe("alpha");
    closed.close();

    closed.publish("alpha", "from the grave");
    sender.publish("alpha", "marker");

    await().atMost(Duration.ofSeconds(5)).until(() -> heard.messages.contains("alpha:marker"));
    assertThat(heard.messages).containsExactly("alpha:marker");
    assertThat(closed.isConnected()).isFalse();
  }

  @Test
  void keepsTheOrderOfOnePublisher() {
    receiver.subscribe("alpha").toCompletableFuture().join();
    for (int i = 0; i < 100; i++) {
      sender.publish("alpha", Integer.toString(i));
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> heard.messages.size() == 100);
    for (int i = 0; i < 100; i++) {
      assertThat(heard.messages.get(i)).isEqualTo("alpha:" + i);
    }
  }
}
