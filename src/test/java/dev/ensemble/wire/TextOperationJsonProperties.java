package dev.ensemble.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ensemble.ot.CaseBatch;
import dev.ensemble.ot.InvalidOperationException;
import dev.ensemble.ot.InvalidOperationException.Problem;
import dev.ensemble.ot.RandomEdits;
import dev.ensemble.ot.TextOperation;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.io.StringReader;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TextOperationJsonProperties {

  private static final Jsonb JSONB =
      JsonbBuilder.create(new JsonbConfig().withAdapters(new TextOperationJson()));

  @AfterAll
  static void close() throws Exception {
    JSONB.close();
  }

  static Stream<CaseBatch> cases() {
    return CaseBatch.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void jsonRoundTrip(CaseBatch cases) {
    cases.check(
        random -> RandomEdits.operation(RandomEdits.document(random, 30), random),
        op -> {
          String json = JSONB.toJson(op);

          assertThat(JSONB.fromJson(json, TextOperation.class)).isEqualTo(op);
          assertThat(TextOperationJson.fromJson(parse(json))).isEqualTo(op);
        });
  }

  @Test
  void writesTheCompactForm() {
    TextOperation op = TextOperation.fromJson(List.of(5, "a\"😀", -3, 10));

    assertThat(JSONB.toJson(op)).isEqualTo("[5,\"a\\\"😀\",-3,10]");
  }

  @Test
  void rejectsWhatIsNotAComponent() {
    assertThatThrownBy(() -> TextOperationJson.fromJson(parse("[1,[2]]")))
        .isInstanceOfSatisfying(
            InvalidOperationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.NESTED_ARRAY));
    assertThatThrownBy(() -> TextOperationJson.fromJson(parse("[1.5]")))
        .isInstanceOfSatisfying(
            InvalidOperationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.NOT_AN_INTEGER));
    assertThatThrownBy(() -> TextOperationJson.fromJson(parse("[1e400]")))
        .isInstanceOfSatisfying(
            InvalidOperationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.OUT_OF_RANGE));
    assertThatThrownBy(() -> TextOperationJson.fromJson(parse("[{\"r\":1}, null]")))
        .isInstanceOfSatisfying(
            InvalidOperationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.NOT_A_COMPONENT));
    assertThatThrownBy(() -> TextOperationJson.fromJson(parse("[2, null]")))
        .isInstanceOfSatisfying(
            InvalidOperationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.NULL_COMPONENT));
  }

  private static JsonArray parse(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readArray();
    }
  }
}
