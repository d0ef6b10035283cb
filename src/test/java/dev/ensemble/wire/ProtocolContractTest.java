package dev.ensemble.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.ensemble.access.Role;
import dev.ensemble.ot.Selection;
import dev.ensemble.ot.TextOperation;
import dev.ensemble.room.Disconnect;
import dev.ensemble.room.ServerMessage;
import dev.ensemble.ws.MessageEncoder;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket protocol's contract, {@code META-INF/ensemble-protocol.json} (AsyncAPI 2.6),
 * checked against the code that speaks it: the client messages against the decoder {@link
 * ClientMessages} (every example decodes into the type it names, every required field is required,
 * every field has its type, every type the decoder knows is there), the server messages against
 * {@link MessageEncoder} and the messages the WebSocket layer writes itself, the error codes
 * against {@link ErrorCodes} and the close codes against those the server closes sessions with.
 */
class ProtocolContractTest {

  private static final String CONTRACT = "META-INF/ensemble-protocol.json";
  private static final String CHANNEL = "/ws/rooms/{roomId}";

  private static JsonObject contract;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in =
            ProtocolContractTest.class.getClassLoader().getResourceAsStream(CONTRACT);
        JsonReader reader = JsonSupport.PROVIDER.createReader(in)) {
      contract = reader.readObject();
    }
  }

  /** The messages of one direction: publish is what clients send, subscribe what they receive. */
  private static Map<String, JsonObject> messages(String direction) {
    Map<String, JsonObject> messages = new TreeMap<>();
    JsonObject all = contract.getJsonObject("components").getJsonObject("messages");
    for (JsonObject ref :
        contract
            .getJsonObject("channels")
            .getJsonObject(CHANNEL)
            .getJsonObject(direction)
            .getJsonObject("message")
            .getJsonArray("oneOf")
            .getValuesAs(JsonObject.class)) {
      String key = ref.getString("$ref").substring("#/components/messages/".length());
      messages.put(key, all.getJsonObject(key));
    }
    return messages;
  }

  private static List<JsonObject> examples(JsonObject message) {
    List<JsonObject> examples =
        message.getJsonArray("examples").stream()
            .map(e -> e.asJsonObject().getJsonObject("payload"))
            .toList();
    assertThat(examples).as("examples of %s", message.getString("name")).isNotEmpty();
    return examples;
  }

  // ---- client to server

  @Test
  void everyClientExampleMatchesItsSchemaAndDecodesIntoTheTypeItNames() throws Exception {
    for (JsonObject message : messages("publish").values()) {
      Class<?> type = Class.forName(message.getString("x-java-type"));
      JsonObject payload = message.getJsonObject("payload");
      for (JsonObject example : examples(message)) {
        validate(example, payload, message.getString("name"), true);
        ClientMessage decoded = ClientMessages.decode(example.toString());

        assertThat(decoded).as("%s decoded", example).isInstanceOf(type);
        assertThat(example.getString("type")).isEqualTo(constType(payload));
        sameValues(example, decoded);
      }
    }
  }

  @Test
  void theContractNamesEveryMessageTypeTheDecoderKnows() throws Exception {
    Set<Class<?>> named = new TreeSet<>((a, b) -> a.getName().compareTo(b.getName()));
    Set<String> typeNames = new TreeSet<>();
    for (JsonObject message : messages("publish").values()) {
      named.add(Class.forName(message.getString("x-java-type")));
      typeNames.add(constType(message.getJsonObject("payload")));
    }

    assertThat(named).containsExactlyInAnyOrder(ClientMessage.class.getPermittedSubclasses());
    assertThat(typeNames).isEqualTo(decoderTypeNames());
  }

  @Test
  void aClientMessageWithoutARequiredFieldIsRefusedAndOneWithoutAnOptionalFieldIsNot() {
    for (JsonObject message : messages("publish").values()) {
      JsonObject payload = message.getJsonObject("payload");
      Set<String> required = strings(payload.getJsonArray("required"));
      JsonObject example = examples(message).get(0);
      for (String field : payload.getJsonObject("properties").keySet()) {
        if (field.equals("type") || !example.containsKey(field)) {
          continue;
        }
        String without = without(example, field).toString();
        if (required.contains(field)) {
          assertThatThrownBy(() -> ClientMessages.decode(without))
              .as("%s without its required '%s'", message.getString("name"), field)
              .isInstanceOf(WireException.class);
        } else {
          assertThat(ClientMessages.decode(without))
              .as("%s without its optional '%s'", message.getString("name"), field)
              .isNotNull();
        }
      }
      for (String field : required) {
        assertThat(example).as("example of %s", message.getString("name")).containsKey(field);
      }
    }
  }

  @Test
  void aClientFieldOfAnotherTypeThanTheContractSaysIsRefused() {
    for (JsonObject message : messages("publish").values()) {
      JsonObject payload = message.getJsonObject("payload");
      JsonObject example = examples(message).get(0);
      payload
          .getJsonObject("properties")
          .forEach(
              (field, schema) -> {
                if (field.equals("type") || !example.containsKey(field)) {
                  return;
                }
                JsonValue wrong = wrongTypeFor(resolve(schema.asJsonObject()));
                String changed = with(example, field, wrong).toString();
                assertThatThrownBy(() -> ClientMessages.decode(changed))
                    .as("%s with '%s' as %s", message.getString("name"), field, wrong)
                    .isInstanceOf(WireException.class);
              });
    }
  }

  // ---- server to client

  @Test
  void everyServerExampleMatchesItsSchema() {
    for (JsonObject message : messages("subscribe").values()) {
      for (JsonObject example : examples(message)) {
        validate(example, message.getJsonObject("payload"), message.getString("name"), true);
      }
    }
  }

  @Test
  void whatTheEncoderWritesHasExactlyTheFieldsTheContractLists() throws Exception {
    Set<Class<?>> covered = new TreeSet<>((a, b) -> a.getName().compareTo(b.getName()));
    for (JsonObject message : messages("subscribe").values()) {
      if (!message.containsKey("x-java-type")) {
        continue;
      }
      Class<?> type = Class.forName(message.getString("x-java-type"));
      covered.add(type);
      JsonObject payload = message.getJsonObject("payload");
      String name = message.getString("name");

      JsonObject full = parse(MessageEncoder.encode((ServerMessage) sample(type, false)));
      validate(full, payload, name, false);
      assertThat(full.keySet())
          .as("fields of %s with every field set", name)
          .isEqualTo(payload.getJsonObject("properties").keySet());
      assertThat(full.getString("type")).isEqualTo(constType(payload));

      JsonObject least = parse(MessageEncoder.encode((ServerMessage) sample(type, true)));
      validate(least, payload, name, false);
    }

    assertThat(covered).containsExactlyInAnyOrder(ServerMessage.class.getPermittedSubclasses());
  }

  @Test
  void theAccessMessageAndThePingAreWhatTheContractSays() throws Exception {
    Map<String, JsonObject> messages = messages("subscribe");
    JsonObject access = messages.get("access");
    assertThat(access.getString("x-java-source")).isEqualTo("dev.ensemble.ws.AccessMessages.role");
    Method role =
        Class.forName("dev.ensemble.ws.AccessMessages")
            .getDeclaredMethod("role", Role.class, boolean.class);
    role.setAccessible(true);
    Set<String> roles = new TreeSet<>();
    for (Role r : Role.values()) {
      JsonObject written = parse((String) role.invoke(null, r, r == Role.OWNER));
      validate(written, access.getJsonObject("payload"), "access", true);
      roles.add(written.getString("role"));
    }
    assertThat(roles)
        .isEqualTo(
            strings(
                access
                    .getJsonObject("payload")
                    .getJsonObject("properties")
                    .getJsonObject("role")
                    .getJsonArray("enum")));

    JsonObject ping = messages.get("ping");
    assertThat(ping.getString("x-java-source")).isEqualTo("dev.ensemble.ws.SessionRegistry.PING");
    Field constant = Class.forName("dev.ensemble.ws.SessionRegistry").getDeclaredField("PING");
    constant.setAccessible(true);
    validate(parse((String) constant.get(null)), ping.getJsonObject("payload"), "ping", true);
  }

  // ---- codes

  @Test
  void theContractListsEveryErrorCodeAndNoOther() {
    JsonObject codes = contract.getJsonObject("x-error-codes");

    assertThat(codes.keySet()).isEqualTo(errorCodes());
    codes.forEach(
        (code, entry) ->
            assertThat(entry.asJsonObject().getString("meaning")).as(code).isNotBlank());
    assertThat(where(codes, "rest")).isEqualTo(new TreeSet<>(ErrorCodes.REST));
    assertThat(
            strings(
                messages("subscribe")
                    .get("error")
                    .getJsonObject("payload")
                    .getJsonObject("properties")
                    .getJsonObject("code")
                    .getJsonArray("enum")))
        .isEqualTo(where(codes, "websocket"));
  }

  @Test
  void theCloseCodesAreThoseTheServerClosesWith() throws Exception {
    JsonObject closes = contract.getJsonObject("x-close-codes");
    Set<Integer> used = new TreeSet<>();

    Method forDisconnect =
        Class.forName("dev.ensemble.ws.SessionPeer")
            .getDeclaredMethod("closeCode", Disconnect.class);
    forDisconnect.setAccessible(true);
    for (Disconnect reason : Disconnect.values()) {
      int code = (Integer) forDisconnect.invoke(null, reason);
      used.add(code);
      JsonObject entry = closes.getJsonObject(Integer.toString(code));
      assertThat(entry).as("close code %s of %s", code, reason).isNotNull();
      assertThat(strings(entry.getJsonArray("disconnects"))).contains(reason.name());
    }

    Class<?> access = Class.forName("dev.ensemble.ws.AccessMessages");
    Set<Integer> accessCodes = new TreeSet<>();
    for (Field field : access.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
        field.setAccessible(true);
        accessCodes.add(field.getInt(null));
      }
    }
    used.addAll(accessCodes);
    Method forError = access.getDeclaredMethod("closeCode", String.class);
    forError.setAccessible(true);
    for (Integer code : accessCodes) {
      JsonObject entry = closes.getJsonObject(Integer.toString(code));
      assertThat(entry).as("close code %s of a refused access", code).isNotNull();
      for (String error : strings(entry.getJsonArray("errorCodes"))) {
        assertThat(errorCodes()).contains(error);
        assertThat(forError.invoke(null, error)).as("close code of %s", error).isEqualTo(code);
      }
    }

    Set<Integer> listed = new TreeSet<>();
    closes.keySet().forEach(k -> listed.add(Integer.parseInt(k)));
    assertThat(listed).isEqualTo(used);
    closes.forEach(
        (code, entry) ->
            assertThat(entry.asJsonObject().getString("meaning")).as(code).isNotBlank());
  }

  @Test
  void theContractIsAVersionedAsyncApiDocumentWithTheServersNameRules() {
    assertThat(contract.getString("asyncapi")).isEqualTo("2.6.0");
    assertThat(contract.getJsonObject("info").getString("version")).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(
            contract
                .getJsonObject("channels")
                .getJsonObject(CHANNEL)
                .getJsonObject("parameters")
                .getJsonObject("roomId")
                .getJsonObject("schema")
                .getString("pattern"))
        .isEqualTo("^" + Names.ROOM_ID.pattern() + "$");
    assertThat(
            messages("publish")
                .get("languageChange")
                .getJsonObject("payload")
                .getJsonObject("properties")
                .getJsonObject("language")
                .getString("pattern"))
        .isEqualTo("^" + Names.LANGUAGE.pattern() + "$");
  }

  // ---- helpers

  /** The string constants of ErrorCodes. */
  private static Set<String> errorCodes() {
    Set<String> codes = new TreeSet<>();
    for (Field field : ErrorCodes.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        try {
          codes.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return codes;
  }

  private static Set<String> where(JsonObject codes, String channel) {
    Set<String> found = new TreeSet<>();
    codes.forEach(
        (code, entry) -> {
          if (strings(entry.asJsonObject().getJsonArray("where")).contains(channel)) {
            found.add(code);
          }
        });
    return found;
  }

  /** The type names of the decoder's switch, read from its source. */
  private static Set<String> decoderTypeNames() throws IOException {
    String source =
        Files.readString(Path.of("src/main/java/dev/ensemble/wire/ClientMessages.java"));
    Matcher m = Pattern.compile("case \"([^\"]+)\" ->").matcher(source);
    Set<String> names = new TreeSet<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).as("type names in ClientMessages.decode").isNotEmpty();
    return names;
  }

  private static String constType(JsonObject payload) {
    return payload.getJsonObject("properties").getJsonObject("type").getString("const");
  }

  /** Each scalar field of the example that the decoded record has under the same name agrees. */
  private static void sameValues(JsonObject example, Object decoded) throws Exception {
    for (RecordComponent component : decoded.getClass().getRecordComponents()) {
      JsonValue value = example.get(component.getName());
      Object actual = component.getAccessor().invoke(decoded);
      if (value instanceof JsonString s) {
        assertThat(actual).as(component.getName()).isEqualTo(s.getString());
      } else if (value instanceof JsonNumber n) {
        assertThat(((Number) actual).longValue()).as(component.getName()).isEqualTo(n.longValue());
      }
    }
  }

  private static Set<String> strings(JsonArray array) {
    Set<String> strings = new TreeSet<>();
    if (array != null) {
      array.forEach(v -> strings.add(((JsonString) v).getString()));
    }
    return strings;
  }

  private static JsonObject parse(String text) {
    try (JsonReader reader = JsonSupport.PROVIDER.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  private static JsonObject without(JsonObject object, String field) {
    JsonObjectBuilder copy = JsonSupport.PROVIDER.createObjectBuilder(object);
    return copy.remove(field).build();
  }

  private static JsonObject with(JsonObject object, String field, JsonValue value) {
    return JsonSupport.PROVIDER.createObjectBuilder(object).add(field, value).build();
  }

  private static JsonObject resolve(JsonObject schema) {
    if (!schema.containsKey("$ref")) {
      return schema;
    }
    JsonObject target = contract;
    for (String part : schema.getString("$ref").substring(2).split("/")) {
      target = target.getJsonObject(part);
    }
    return target;
  }

  /** A JSON value that is not of the type the schema asks for. */
  private static JsonValue wrongTypeFor(JsonObject schema) {
    String type = schema.getString("type", "");
    return type.equals("string")
        ? JsonSupport.PROVIDER.createValue(12345)
        : JsonSupport.PROVIDER.createValue("not a " + type);
  }

  /**
   * Checks {@code value} against {@code schema}, the part of JSON Schema the contract uses; with
   * {@code strict} also the enums, constants and patterns (a sample built from types alone has none
   * of those right).
   */
  private static void validate(JsonValue value, JsonObject raw, String where, boolean strict) {
    JsonObject schema = resolve(raw);
    if (schema.containsKey("oneOf")) {
      long matching =
          schema.getJsonArray("oneOf").getValuesAs(JsonObject.class).stream()
              .filter(s -> matches(value, s, where, strict))
              .count();
      assertThat(matching).as("%s: %s matches one of %s", where, value, schema).isEqualTo(1);
      return;
    }
    if (schema.containsKey("const")) {
      if (strict || value.getValueType() != JsonValue.ValueType.STRING) {
        assertThat(value).as(where).isEqualTo(schema.get("const"));
      }
      return;
    }
    String type = schema.getString("type", "");
    switch (type) {
      case "object" -> {
        assertThat(value.getValueType()).as(where).isEqualTo(JsonValue.ValueType.OBJECT);
        JsonObject object = value.asJsonObject();
        JsonObject properties = schema.getJsonObject("properties");
        assertThat(object.keySet())
            .as("%s: required fields", where)
            .containsAll(strings(schema.getJsonArray("required")));
        if (!schema.getBoolean("additionalProperties", true)) {
          assertThat(properties.keySet())
              .as("%s: fields the contract lists", where)
              .containsAll(object.keySet());
        }
        object.forEach(
            (field, v) -> {
              if (properties.containsKey(field)) {
                validate(v, properties.getJsonObject(field), where + "." + field, strict);
              }
            });
      }
      case "array" -> {
        assertThat(value.getValueType()).as(where).isEqualTo(JsonValue.ValueType.ARRAY);
        JsonArray array = value.asJsonArray();
        if (schema.containsKey("minItems")) {
          assertThat(array).as(where).hasSizeGreaterThanOrEqualTo(schema.getInt("minItems"));
        }
        if (schema.containsKey("maxItems")) {
          assertThat(array).as(where).hasSizeLessThanOrEqualTo(schema.getInt("maxItems"));
        }
        for (JsonValue item : array) {
          validate(item, schema.getJsonObject("items"), where + "[]", strict);
        }
      }
      case "string" -> {
        assertThat(value.getValueType()).as(where).isEqualTo(JsonValue.ValueType.STRING);
        String s = ((JsonString) value).getString();
        if (strict && schema.containsKey("pattern")) {
          assertThat(s).as(where).matches(schema.getString("pattern"));
        }
        if (strict && schema.containsKey("enum")) {
          assertThat(strings(schema.getJsonArray("enum"))).as(where).contains(s);
        }
      }
      case "integer" -> {
        assertThat(value.getValueType()).as(where).isEqualTo(JsonValue.ValueType.NUMBER);
        assertThat(((JsonNumber) value).isIntegral()).as(where).isTrue();
        if (schema.containsKey("minimum")) {
          assertThat(((JsonNumber) value).longValue())
              .as(where)
              .isGreaterThanOrEqualTo(schema.getJsonNumber("minimum").longValue());
        }
      }
      case "boolean" ->
          assertThat(value.getValueType())
              .as(where)
              .isIn(JsonValue.ValueType.TRUE, JsonValue.ValueType.FALSE);
      default -> fail("%s: the test does not know the schema %s", where, schema);
    }
  }

  private static boolean matches(JsonValue value, JsonObject schema, String where, boolean strict) {
    try {
      validate(value, schema, where, strict);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /**
   * A value of {@code type} built from its components' types alone: every field set, or with {@code
   * least} the boxed ones (which the encoder leaves out when null) null.
   */
  private static Object sample(Type type, boolean least) throws Exception {
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw == long.class || raw == Long.class) {
      return least && raw == Long.class ? null : 3L;
    }
    if (raw == int.class || raw == Integer.class) {
      return least && raw == Integer.class ? null : 3;
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return least && raw == Boolean.class ? null : true;
    }
    if (raw == String.class) {
      return "text";
    }
    if (raw == TextOperation.class) {
      return TextOperationJson.fromJson(
          JsonSupport.PROVIDER.createArrayBuilder().add(2).add("ab").add(-1).build());
    }
    if (raw == Selection.class) {
      return new Selection(1, 2);
    }
    if (raw.isRecord()) {
      RecordComponent[] components = raw.getRecordComponents();
      Object[] values = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        values[i] = sample(components[i].getGenericType(), least);
        types[i] = components[i].getType();
      }
      var constructor = raw.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(values);
    }
    if (java.util.Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
      List<Object> list = new ArrayList<>();
      list.add(sample(p.getActualTypeArguments()[0], least));
      return list;
    }
    throw new IllegalStateException(
        "no sample for " + type + "; teach ProtocolContractTest.sample");
  }
}
