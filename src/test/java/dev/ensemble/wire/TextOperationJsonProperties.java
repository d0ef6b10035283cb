package dev.ensemble.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

class TextOperationJsonProperties {

  private static final Jsonb JSONB =
      JsonbBuilder.create(new JsonbConfig().withAdapters(new TextOperationJson()));

  @AfterContainer
  static void close() throws Exception {
    JSONB.close();
  }

  @Provide
  Arbitrary<TextOperation> operations() {
    return Arbitraries.randomValue(
        random -> RandomEdits.operation(RandomEdits.document(random, 30), random));
  }

  @Property(seed = "20261126")
  void jsonRoundTrip(@ForAll("operations") TextOperation op) {
    String json = JSONB.toJson(op);

    assertThat(JSONB.fromJson(json, TextOperation.class)).isEqualTo(op);
    assertThat(TextOperationJson.fromJson(parse(json))).isEqualTo(op);
  }

  @Example
  void writesTheCompactForm() {
    TextOperation op = TextOperation.fromJson(java.util.List.of(5, "a\"😀", -3, 10));

    assertThat(JSONB.toJson(op)).isEqualTo("[5,\"a\\\"😀\",-3,10]");
  }

  @Example
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
