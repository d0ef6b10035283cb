package dev.ensemble.testing;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small JSON-over-HTTP calls for tests. */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** A response: status and body. */
  public record Response(int status, String body) {
    public JsonStructure json() {
      try (JsonReader reader = Json.createReader(new StringReader(body))) {
        return reader.read();
      }
    }
  }

  private Http() {}

  public static Response get(URI uri) {
    return send(HttpRequest.newBuilder(uri).GET());
  }

  public static Response post(URI uri, String json) {
    return send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          CLIENT.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
