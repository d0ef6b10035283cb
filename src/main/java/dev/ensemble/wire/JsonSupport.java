package dev.ensemble.wire;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once: {@code Json.createReader} and its siblings look it up
 * through the service loader on every call, which costs more than the parsing itself.
 */
public final class JsonSupport {

  public static final JsonProvider PROVIDER = JsonProvider.provider();

  private JsonSupport() {}
}
