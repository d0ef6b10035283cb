package dev.ensemble.testing;

import java.net.URI;
import java.net.URL;
import java.util.UUID;

/** Addresses of a deployed application under test. */
public final class Urls {

  private Urls() {}

  public static URI room(URL base, String roomId) {
    return URI.create(base.toString().replaceFirst("^http", "ws")).resolve("ws/rooms/" + roomId);
  }

  public static URI api(URL base, String path) {
    return URI.create(base.toString()).resolve("api/" + path);
  }

  public static URI health(URL base, String which) {
    return URI.create(base.toString()).resolve("/health/" + which);
  }

  /** Where Prometheus scrapes the server: at its root, whatever the application's context root. */
  public static URI metrics(URL base) {
    return URI.create(base.toString()).resolve("/metrics");
  }

  /**
   * The OpenAPI document of the server's applications, as JSON: at the server's root, whatever the
   * application's context root (MicroProfile OpenAPI).
   */
  public static URI openApi(URL base) {
    return URI.create(base.toString()).resolve("/openapi?format=JSON");
  }

  /** A room id no other test uses. */
  public static String freshRoom(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
