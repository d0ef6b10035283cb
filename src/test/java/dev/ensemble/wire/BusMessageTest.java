package dev.ensemble.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ensemble.ot.Selection;
import dev.ensemble.ot.TextOperation;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;

class BusMessageTest {

  private static final Presence ALICE =
      new Presence(
          "3f9a0c12", "Alice", "#1a2b3c", 4, List.of(Selection.caret(0), new Selection(5, 2)));

  @Test
  void readsWhatServersPublish() {
    TextOperation op = TextOperation.fromJson(List.of(5, "abc", -3, 10));

    assertThat(BusMessage.decode(BusMessages.committed(7, op, "tab-1", 3, 1234, null, "server-1")))
        .isEqualTo(new BusMessage.Committed(7, op, "tab-1", 3, 1234, null, "server-1"));
    TextOperation same = TextOperation.identity(15);
    assertThat(BusMessage.decode(BusMessages.committed(8, same, "tab-1", 0, 1235, "c++", "s-2")))
        .isEqualTo(new BusMessage.Committed(8, same, "tab-1", 0, 1235, "c++", "s-2"));
    assertThat(BusMessage.decode(BusMessages.presence(ALICE, "4711@host.example.com")))
        .isEqualTo(new BusMessage.PresenceChanged("4711@host.example.com", ALICE));
    assertThat(BusMessage.decode(BusMessages.presenceLeft("3f9a0c12", "server-2")))
        .isEqualTo(new BusMessage.PresenceLeft("server-2", "3f9a0c12"));
  }

  @Test
  void aMessageWithoutOriginComesFromNobody() {
    assertThat(BusMessage.decode("{\"type\":\"presence\",\"clientId\":\"c1\",\"left\":true}"))
        .isEqualTo(new BusMessage.PresenceLeft("", "c1"));
  }

  @Test
  void ignoresFieldsItDoesNotKnow() {
    assertThat(
            BusMessage.decode(
                "{\"type\":\"op\",\"v\":1,\"op\":[\"x\"],\"src\":\"t\",\"seq\":1,\"ts\":2,\"hops\":[1]}"))
        .isEqualTo(
            new BusMessage.Committed(1, TextOperation.fromJson(List.of("x")), "t", 1, 2, null, ""));
  }

  @Test
  void readsTheMessagesAboutAForwardedEdit() {
    TextOperation op = TextOperation.fromJson(List.of(2, "xy"));

    assertThat(BusMessage.decode(BusMessages.forwarded(4, op, "tab-1", 9, "one", "two")))
        .isEqualTo(new BusMessage.Forwarded("one", "two", 4, op, "tab-1", 9));
    assertThat(BusMessage.decode(BusMessages.forwardAcked("tab-1", 9, 12, "two", "one")))
        .isEqualTo(new BusMessage.ForwardAcked("two", "one", "tab-1", 9, 12));
    assertThat(
            BusMessage.decode(
                BusMessages.forwardRefused(
                    "tab-1", 9, "version-too-old", "reload", false, "two", "one")))
        .isEqualTo(
            new BusMessage.ForwardRefused(
                "two", "one", "tab-1", 9, "version-too-old", "reload", false));
  }

  static Stream<Arguments> malformed() {
    String op = "\"type\":\"op\",\"op\":[1],\"src\":\"tab\"";
    String presence =
        "\"type\":\"presence\",\"clientId\":\"c1\",\"name\":\"A\",\"color\":\"\",\"v\":0";
    String selections = String.join(",", Collections.nCopies(65, "[0,0]"));
    String forward =
        "\"type\":\"forward\",\"v\":0,\"op\":[1],\"src\":\"tab\",\"seq\":1,\"origin\":\"one\"";
    String to = ",\"to\":\"two\"";
    String acked = "\"type\":\"acked\",\"src\":\"tab\",\"seq\":1,\"origin\":\"one\"";
    String refused =
        "\"type\":\"refused\",\"src\":\"tab\",\"seq\":1,\"message\":\"no\",\"retryable\":false,\"origin\":\"one\"";
    return Stream.of(
        arguments("not JSON", "op 7"),
        arguments("empty", ""),
        arguments("truncated", "{\"type\":\"op\","),
        arguments("an array", "[\"op\",1]"),
        arguments("a string", "\"op\""),
        arguments("JSON null", "null"),
        arguments("no type", "{\"v\":1}"),
        arguments("type not a string", "{\"type\":7}"),
        arguments("unknown type", "{\"type\":\"teleport\"}"),
        arguments("op without v", "{" + op + ",\"seq\":0}"),
        arguments("op without seq", "{" + op + ",\"v\":1}"),
        arguments("op without op", "{\"type\":\"op\",\"v\":1,\"src\":\"tab\",\"seq\":0}"),
        arguments("op without src", "{\"type\":\"op\",\"v\":1,\"op\":[1],\"seq\":0}"),
        arguments("v a string", "{" + op + ",\"v\":\"1\",\"seq\":0}"),
        arguments("v zero", "{" + op + ",\"v\":0,\"seq\":0}"),
        arguments("v negative", "{" + op + ",\"v\":-1,\"seq\":0}"),
        arguments("v fractional", "{" + op + ",\"v\":1.5,\"seq\":0}"),
        arguments("v above 2^53 - 1", "{" + op + ",\"v\":9007199254740992,\"seq\":0}"),
        arguments("v beyond a long", "{" + op + ",\"v\":1e400,\"seq\":0}"),
        arguments("v of 1,200 digits", "{" + op + ",\"v\":" + "1".repeat(1200) + ",\"seq\":0}"),
        arguments("v with an exponent beyond an int", "{" + op + ",\"v\":1e3333333333,\"seq\":0}"),
        arguments("nested 1,001 deep", "{\"hops\":" + "[".repeat(1001) + "]".repeat(1001) + "}"),
        arguments("seq negative", "{" + op + ",\"v\":1,\"seq\":-1}"),
        arguments("seq a boolean", "{" + op + ",\"v\":1,\"seq\":true}"),
        arguments(
            "op not an array", "{\"type\":\"op\",\"v\":1,\"op\":\"abc\",\"src\":\"t\",\"seq\":0}"),
        arguments("op malformed", "{\"type\":\"op\",\"v\":1,\"op\":[0],\"src\":\"t\",\"seq\":0}"),
        arguments("src empty", "{\"type\":\"op\",\"v\":1,\"op\":[1],\"src\":\"\",\"seq\":0}"),
        arguments("src a number", "{\"type\":\"op\",\"v\":1,\"op\":[1],\"src\":5,\"seq\":0}"),
        arguments(
            "src with a space", "{\"type\":\"op\",\"v\":1,\"op\":[1],\"src\":\"a b\",\"seq\":0}"),
        arguments(
            "src of 65",
            "{\"type\":\"op\",\"v\":1,\"op\":[1],\"src\":\"" + "s".repeat(65) + "\",\"seq\":0}"),
        arguments("presence without selections", "{" + presence + "}"),
        arguments("selections an object", "{" + presence + ",\"selections\":{}}"),
        arguments("selection of one end", "{" + presence + ",\"selections\":[[0]]}"),
        arguments("selection negative", "{" + presence + ",\"selections\":[[-1,0]]}"),
        arguments("selection beyond an int", "{" + presence + ",\"selections\":[[0,2147483648]]}"),
        arguments("65 selections", "{" + presence + ",\"selections\":[" + selections + "]}"),
        arguments(
            "presence v negative",
            "{" + presence.replace("\"v\":0", "\"v\":-1") + ",\"selections\":[]}"),
        arguments(
            "name of 65",
            "{" + presence.replace("\"A\"", "\"" + "n".repeat(65) + "\"") + ",\"selections\":[]}"),
        arguments(
            "colour a name",
            "{" + presence.replace("\"color\":\"\"", "\"color\":\"red\"") + ",\"selections\":[]}"),
        arguments(
            "presence without clientId",
            "{\"type\":\"presence\",\"name\":\"A\",\"color\":\"\",\"v\":0,\"selections\":[]}"),
        arguments(
            "left not a boolean", "{\"type\":\"presence\",\"clientId\":\"c1\",\"left\":\"yes\"}"),
        arguments("left without clientId", "{\"type\":\"presence\",\"left\":true}"),
        arguments(
            "origin a number",
            "{\"type\":\"presence\",\"clientId\":\"c1\",\"left\":true,\"origin\":7}"),
        arguments(
            "origin of 513",
            "{\"type\":\"presence\",\"clientId\":\"c1\",\"left\":true,\"origin\":\""
                + "o".repeat(513)
                + "\"}"),
        arguments("op without ts", "{" + op + ",\"v\":1,\"seq\":0}"),
        arguments("ts negative", "{" + op + ",\"v\":1,\"seq\":0,\"ts\":-1}"),
        arguments("lang not a name", "{" + op + ",\"v\":1,\"seq\":0,\"ts\":1,\"lang\":\"Java!\"}"),
        arguments(
            "language, as servers no longer send", "{\"type\":\"language\",\"language\":\"go\"}"),
        arguments("forward without to", "{" + forward + "}"),
        arguments("forward to a number", "{" + forward + ",\"to\":2}"),
        arguments("forward to 513", "{" + forward + ",\"to\":\"" + "t".repeat(513) + "\"}"),
        arguments("forward v negative", "{" + forward.replace("\"v\":0", "\"v\":-1") + to + "}"),
        arguments("forward without op", "{" + forward.replace("\"op\":[1],", "") + to + "}"),
        arguments("forward op malformed", "{" + forward.replace("[1]", "[0]") + to + "}"),
        arguments("forward src bad", "{" + forward.replace("\"tab\"", "\"a b\"") + to + "}"),
        arguments("acked without v", "{" + acked + to + "}"),
        arguments("acked v zero", "{" + acked + to + ",\"v\":0}"),
        arguments("acked without to", "{" + acked + ",\"v\":3}"),
        arguments("refused without code", "{" + refused + to + "}"),
        arguments("refused code with a space", "{" + refused + to + ",\"code\":\"a b\"}"),
        arguments(
            "refused message of 1,025",
            "{"
                + refused.replace("\"no\"", "\"" + "m".repeat(1025) + "\"")
                + to
                + ",\"code\":\"bad-op\"}"),
        arguments(
            "refused retryable a string",
            "{" + refused.replace("false", "\"no\"") + to + ",\"code\":\"bad-op\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refusesAMalformedMessage(String problem, String message) {
    assertRefused(message);
  }

  @ParameterizedTest
  @NullSource
  void refusesNull(String message) {
    assertRefused(message);
  }

  private static void assertRefused(String message) {
    assertThatThrownBy(() -> BusMessage.decode(message))
        .isInstanceOfSatisfying(
            WireException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.BAD_MESSAGE));
  }
}
