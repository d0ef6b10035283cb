package dev.ensemble.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The hello carries the room's key from the page's link; anything else in its place is refused. */
class HelloDecodingTest {

  private static final String KEY = "k".repeat(32);

  private static ClientMessage.Hello hello(String secretField) {
    return (ClientMessage.Hello)
        ClientMessages.decode("{\"type\":\"hello\",\"key\":\"" + KEY + "\"" + secretField + "}");
  }

  @Test
  void theSecretIsOptional() {
    assertThat(hello("").secret()).isNull();
    assertThat(hello(",\"secret\":null").secret()).isNull();
    assertThat(hello(",\"secret\":\"\"").secret()).isNull();
    assertThat(hello(",\"secret\":\"Ab-_09\"").secret()).isEqualTo("Ab-_09");
  }

  @Test
  void aSecretThatNoLinkCarriesIsABadMessage() {
    for (String bad :
        new String[] {
          ",\"secret\":17",
          ",\"secret\":[\"a\"]",
          ",\"secret\":\"" + "a".repeat(129) + "\"",
          ",\"secret\":\"a b\"",
          ",\"secret\":\"a%2Fb\"",
          ",\"secret\":\"\u00e9\""
        }) {
      assertThatThrownBy(() -> hello(bad))
          .isInstanceOfSatisfying(
              WireException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCodes.BAD_MESSAGE);
                assertThat(e.getMessage()).contains("secret");
              });
    }
  }
}
