package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import dev.ensemble.wire.ErrorCodes;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document the server serves for the REST API, checked against the JAX-RS resources
 * themselves: every resource method is in it with its success and its error answers, every error
 * answer has the {@code ApiError} body, and the codes it names are exactly those {@link
 * ErrorCodes#REST} says a REST call may answer with.
 */
@ExtendWith(ArquillianExtension.class)
class OpenApiIT {

  private static final String API_PACKAGE = "dev.ensemble.api";
  private static final String ERROR_SCHEMA = "#/components/schemas/ApiError";
  private static final Pattern CODE_IN_TEXT = Pattern.compile("`([a-z]+(?:-[a-z]+)*)`");

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.app();
  }

  @ArquillianResource URL base;

  /** A resource method: its verb, its path in the document, and the Java method. */
  private record Endpoint(String verb, String path, Method method) {
    @Override
    public String toString() {
      return verb.toUpperCase() + " " + path + " (" + method.getName() + ")";
    }
  }

  private JsonObject document() {
    Http.Response response = Http.get(Urls.openApi(base));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().asJsonObject();
  }

  @Test
  void everyResourceMethodIsDocumentedWithItsParametersAndAnswers() {
    JsonObject document = document();
    List<Endpoint> endpoints = endpoints();
    assertThat(endpoints).hasSizeGreaterThanOrEqualTo(12);

    for (Endpoint endpoint : endpoints) {
      JsonObject operation = operation(document, endpoint);
      JsonObject responses = operation.getJsonObject("responses");
      Set<String> statuses = responses.keySet();

      assertThat(statuses)
          .as("success answer of %s", endpoint)
          .filteredOn(s -> s.startsWith("2"))
          .containsExactly(successStatus(endpoint));
      assertThat(statuses).as("error answers of %s", endpoint).containsAll(errorsNeeded(endpoint));
      for (String status : statuses) {
        JsonObject answer = resolve(document, responses.getJsonObject(status));
        assertThat(answer.getString("description", "")).as("%s %s", endpoint, status).isNotBlank();
        if (status.startsWith("4") || status.startsWith("5")) {
          assertThat(schemaRef(answer))
              .as("body of %s answering %s", endpoint, status)
              .isEqualTo(ERROR_SCHEMA);
          assertThat(codesIn(answer)).as("codes named by %s %s", endpoint, status).isNotEmpty();
        }
      }
      assertThat(documentedParameters(document, operation))
          .as("parameters of %s", endpoint)
          .containsExactlyInAnyOrderElementsOf(javaParameters(endpoint.method()));
    }
  }

  @Test
  void documentsNoOperationThatNoResourceMethodServes() {
    Set<String> served = new TreeSet<>();
    endpoints().forEach(e -> served.add(e.verb() + " " + e.path()));
    Set<String> documented = new TreeSet<>();
    document()
        .getJsonObject("paths")
        .forEach(
            (path, item) ->
                item.asJsonObject().keySet().stream()
                    .filter(k -> VERBS.contains(k))
                    .forEach(verb -> documented.add(verb + " " + path)));

    assertThat(documented).isEqualTo(served);
  }

  @Test
  void theErrorBodyListsExactlyTheRestCodesAndTheAnswersNameThemAll() {
    JsonObject document = document();
    JsonObject schema =
        document.getJsonObject("components").getJsonObject("schemas").getJsonObject("ApiError");
    Set<String> listed = new TreeSet<>();
    schema
        .getJsonObject("properties")
        .getJsonObject("code")
        .getJsonArray("enum")
        .forEach(v -> listed.add(((JsonString) v).getString()));
    assertThat(listed).isEqualTo(new TreeSet<>(ErrorCodes.REST));
    assertThat(schema.getJsonArray("required").getValuesAs(JsonString::getString))
        .containsExactlyInAnyOrder("code", "message");

    Set<String> named = new TreeSet<>();
    for (Endpoint endpoint : endpoints()) {
      JsonObject responses = operation(document, endpoint).getJsonObject("responses");
      responses.forEach(
          (status, answer) -> {
            if (!status.startsWith("2")) {
              named.addAll(codesIn(resolve(document, answer.asJsonObject())));
            }
          });
    }
    assertThat(named).isEqualTo(new TreeSet<>(ErrorCodes.REST));
  }

  /** Each body's schema has the fields of the record the server writes or reads, no more. */
  @Test
  void everySchemaHasTheFieldsOfItsRecord() {
    Map<String, JsonValue> schemas = new TreeMap<>();
    document()
        .getJsonObject("components")
        .getJsonObject("schemas")
        .forEach(
            (name, schema) -> {
              if (schema.asJsonObject().getString("type", "").equals("object")) {
                schemas.put(name, schema);
              }
            });
    assertThat(schemas).containsKeys("ApiError", "RoomDocument", "CommittedOp");
    assertThat(schemas.get("CommittedOp").asJsonObject().getJsonObject("properties"))
        .containsEntry("op", ref("Operation"));
    Map<String, Class<?>> records = new TreeMap<>();
    for (Class<?> type : apiClasses(true)) {
      if (type.isRecord()) {
        Schema schema = type.getAnnotation(Schema.class);
        records.put(
            schema != null && !schema.name().isEmpty() ? schema.name() : type.getSimpleName(),
            type);
      }
    }
    assertThat(records).containsKeys(schemas.keySet().toArray(String[]::new));
    schemas.forEach(
        (name, schema) -> {
          Set<String> fields = new TreeSet<>();
          for (RecordComponent component : records.get(name).getRecordComponents()) {
            fields.add(component.getName());
          }
          assertThat(schema.asJsonObject().getJsonObject("properties"))
              .as("properties of schema %s", name)
              .isNotNull();
          assertThat(schema.asJsonObject().getJsonObject("properties").keySet())
              .as("properties of schema %s", name)
              .isEqualTo(fields);
        });
  }

  @Test
  void saysWhatItIsAndHowCallersPresentTheirKeys() {
    JsonObject document = document();
    JsonObject info = document.getJsonObject("info");
    assertThat(info.getString("title")).isEqualTo("Ensemble REST API");
    assertThat(info.getString("description")).contains("ApiError", "/ws/rooms/{roomId}");
    JsonObject schemes = document.getJsonObject("components").getJsonObject("securitySchemes");
    assertThat(schemes.keySet()).containsExactlyInAnyOrder("key", "token");
    assertThat(schemes.getJsonObject("key").getString("scheme")).isEqualTo("bearer");
    assertThat(schemes.getJsonObject("token").getString("bearerFormat")).isEqualTo("JWT");
    assertThat(document.getJsonArray("security").getValuesAs(JsonObject.class))
        .extracting(JsonObject::keySet)
        .containsExactlyInAnyOrder(Set.of("key"), Set.of("token"));
  }

  @Test
  void servesTheWebSocketContractItSpeaks() throws IOException {
    Http.Response response = Http.get(Urls.api(base, "protocol"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json())
        .isEqualTo(
            new Http.Response(
                    200,
                    Files.readString(
                        java.nio.file.Path.of(
                            "src/main/resources/META-INF/ensemble-protocol.json")))
                .json());
  }

  /** The project's own server configuration, as the README runs it, serves the document and UI. */
  @Test
  void theProjectsServerServesTheDocumentAndItsUi() throws Exception {
    try (ServerProcess server =
        ServerProcess.create("openapi", Map.of("ENSEMBLE_ACCESS", "links")).start()) {
      Http.Response document = Http.get(Urls.openApi(server.url()));
      assertThat(document.status()).as(document.body()).isEqualTo(200);
      JsonObject json = document.json().asJsonObject();
      assertThat(json.getJsonObject("info").getString("title")).isEqualTo("Ensemble REST API");
      assertThat(json.getJsonObject("paths").keySet()).contains("/api/rooms/{id}/ops");

      Http.Response ui = Http.get(URI.create(server.base()).resolve("/openapi/ui/"));
      assertThat(ui.status()).isEqualTo(200);
      assertThat(ui.body()).containsIgnoringCase("<html");
    }
  }

  private static final Set<String> VERBS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** Every resource method of the API package, found by reflection over its classes. */
  private static List<Endpoint> endpoints() {
    String root = applicationPath();
    List<Endpoint> endpoints = new ArrayList<>();
    for (Class<?> type : apiClasses()) {
      Path classPath = type.getAnnotation(Path.class);
      if (classPath == null) {
        continue;
      }
      for (Method method : type.getDeclaredMethods()) {
        String verb = verb(method);
        if (verb == null || !Modifier.isPublic(method.getModifiers())) {
          continue;
        }
        Path methodPath = method.getAnnotation(Path.class);
        String path =
            join(join(root, classPath.value()), methodPath == null ? "" : methodPath.value());
        endpoints.add(new Endpoint(verb, path, method));
      }
    }
    return endpoints;
  }

  private static String applicationPath() {
    return apiClasses().stream()
        .map(c -> c.getAnnotation(ApplicationPath.class))
        .filter(a -> a != null)
        .map(ApplicationPath::value)
        .findFirst()
        .orElseThrow();
  }

  private static List<Class<?>> apiClasses() {
    return apiClasses(false);
  }

  /** The classes of the API package, with their nested classes or without. */
  private static List<Class<?>> apiClasses(boolean nested) {
    java.nio.file.Path dir = java.nio.file.Path.of("target/classes", API_PACKAGE.split("\\."));
    try (Stream<java.nio.file.Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".class") && (nested || !n.contains("$")))
          .<Class<?>>map(
              n -> load(API_PACKAGE + "." + n.substring(0, n.length() - ".class".length())))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, OpenApiIT.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String verb(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return http.value().toLowerCase();
      }
    }
    return null;
  }

  private static String join(String a, String b) {
    String joined = (a + "/" + b).replaceAll("/+", "/");
    joined =
        joined.endsWith("/") && joined.length() > 1
            ? joined.substring(0, joined.length() - 1)
            : joined;
    return joined.startsWith("/") ? joined : "/" + joined;
  }

  private static JsonObject operation(JsonObject document, Endpoint endpoint) {
    JsonObject paths = document.getJsonObject("paths");
    assertThat(paths.keySet()).as("documented paths").contains(endpoint.path());
    JsonObject item = paths.getJsonObject(endpoint.path());
    assertThat(item.keySet()).as("verbs of %s", endpoint.path()).contains(endpoint.verb());
    return item.getJsonObject(endpoint.verb());
  }

  /** By the API's rule: a POST creates (201), a DELETE answers nothing (204), the rest 200. */
  private static String successStatus(Endpoint endpoint) {
    return switch (endpoint.verb()) {
      case "post" -> "201";
      case "delete" -> "204";
      default -> "200";
    };
  }

  /**
   * The errors any call can meet, from how the server works: every call under {@code /api} passes
   * the bearer check of signin mode (401, and 503 while the issuer cannot be reached); a call about
   * one room may name a bad room id (400), one the caller may not open (403) or none (404); a body
   * may be malformed (400).
   */
  private static Set<String> errorsNeeded(Endpoint endpoint) {
    Set<String> needed = new HashSet<>(Set.of("401", "503"));
    for (java.lang.reflect.Parameter parameter : endpoint.method().getParameters()) {
      PathParam path = parameter.getAnnotation(PathParam.class);
      if (path != null && path.value().equals("id")) {
        needed.addAll(Set.of("400", "403", "404"));
      }
      if (parameter.getAnnotations().length == 0) {
        needed.add("400"); // the entity: a body that JAX-RS hands over unread
      }
    }
    return needed;
  }

  /** "in name" of every path and query parameter of the Java method. */
  private static Set<String> javaParameters(Method method) {
    Set<String> parameters = new TreeSet<>();
    for (java.lang.reflect.Parameter parameter : method.getParameters()) {
      PathParam path = parameter.getAnnotation(PathParam.class);
      QueryParam query = parameter.getAnnotation(QueryParam.class);
      if (path != null) {
        parameters.add("path " + path.value());
      } else if (query != null) {
        parameters.add("query " + query.value());
      }
    }
    return parameters;
  }

  private static Set<String> documentedParameters(JsonObject document, JsonObject operation) {
    Set<String> parameters = new TreeSet<>();
    JsonValue listed = operation.get("parameters");
    if (listed != null) {
      for (JsonObject parameter : listed.asJsonArray().getValuesAs(JsonObject.class)) {
        JsonObject p = resolve(document, parameter);
        parameters.add(p.getString("in") + " " + p.getString("name"));
      }
    }
    return parameters;
  }

  private static JsonObject ref(String schema) {
    return jakarta.json.Json.createObjectBuilder()
        .add("$ref", "#/components/schemas/" + schema)
        .build();
  }

  /** The schema of an operation, from META-INF/openapi.yaml: integers and strings. */
  @Test
  void anOperationIsAnArrayOfIntegersAndStrings() {
    JsonObject operation =
        document().getJsonObject("components").getJsonObject("schemas").getJsonObject("Operation");
    assertThat(operation.getString("type")).isEqualTo("array");
    assertThat(operation.getJsonObject("items").getJsonArray("oneOf"))
        .extracting(v -> v.asJsonObject().getString("type"))
        .containsExactlyInAnyOrder("integer", "string");
  }

  /** An object, or the one its {@code $ref} points to in the same document. */
  private static JsonObject resolve(JsonObject document, JsonObject object) {
    if (!object.containsKey("$ref")) {
      return object;
    }
    JsonObject target = document;
    for (String part : object.getString("$ref").substring(2).split("/")) {
      target = target.getJsonObject(part);
    }
    return target;
  }

  private static String schemaRef(JsonObject answer) {
    JsonObject content = answer.getJsonObject("content");
    assertThat(content).as("content of %s", answer).isNotNull();
    return content.getJsonObject("application/json").getJsonObject("schema").getString("$ref");
  }

  /**
   * The error codes an answer's description names in backquotes (other words in backquotes, such as
   * parameters, are not codes); each must be one a REST call may answer with.
   */
  private static Set<String> codesIn(JsonObject answer) {
    Set<String> codes = new TreeSet<>();
    Matcher m = CODE_IN_TEXT.matcher(answer.getString("description", ""));
    while (m.find()) {
      if (ALL_CODES.contains(m.group(1))) {
        codes.add(m.group(1));
      }
    }
    assertThat(ErrorCodes.REST).as("codes named in: %s", answer).containsAll(codes);
    return codes;
  }

  /** Every code ErrorCodes defines, its string constants. */
  private static final Set<String> ALL_CODES = allCodes();

  private static Set<String> allCodes() {
    Set<String> codes = new TreeSet<>();
    for (java.lang.reflect.Field field : ErrorCodes.class.getFields()) {
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
}
