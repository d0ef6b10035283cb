package dev.ensemble.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store call tells the observer: its duration always, a failure when the store failed.
 */
class StoreCallsTest {

  private final List<String> heard = new ArrayList<>();

  @BeforeEach
  void observe() {
    StoreCalls.reportTo(
        new StoreObserver() {
          @Override
          public void called(String operation, Duration took) {
            assertThat(took.isNegative()).isFalse();
            heard.add("called " + operation);
          }

          @Override
          public void failed(String operation) {
            heard.add("failed " + operation);
          }
        });
  }

  @AfterEach
  void stop() {
    StoreCalls.reportTo(StoreObserver.NONE);
  }

  @Test
  void aCallThatAnswersIsTimed() {
    assertThat(StoreCalls.call("read document", () -> 42)).isEqualTo(42);

    assertThat(heard).containsExactly("called read document");
  }

  @Test
  void anUnreachableStoreIsAFailureOfThatOperation() {
    assertThatThrownBy(
            () ->
                StoreCalls.call(
                    "write operations",
                    () -> {
                      throw new MongoSocketReadException("reset", new ServerAddress());
                    }))
        .isInstanceOf(StoreUnavailableException.class);

    assertThat(heard).containsExactly("failed write operations", "called write operations");
  }

  @Test
  void aWriteErrorIsTheCallersToJudgeNotAFailure() {
    MongoWriteException duplicate =
        new MongoWriteException(
            new WriteError(11000, "duplicate key", new BsonDocument()), new ServerAddress());

    assertThatThrownBy(
            () ->
                StoreCalls.call(
                    "create document",
                    () -> {
                      throw duplicate;
                    }))
        .isSameAs(duplicate);

    assertThat(heard).containsExactly("called create document");
  }
}
