package dev.ensemble.web;

import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The check of the admin endpoints: the bearer token {@code ENSEMBLE_ADMIN_TOKEN}, compared in
 * constant time; without one set, the endpoints are off. They are servlets, outside {@code /api},
 * so that signin mode's bearer check, which expects a token of the issuer, does not stand in their
 * way.
 */
final class AdminAccess {

  private static final String BEARER = "Bearer ";

  private AdminAccess() {}

  /** Whether the request may go on; if not, the refusal has been written. */
  static boolean admits(
      EnsembleConfig config, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<String> token = config.adminToken();
    if (token.isEmpty()) {
      error(response, 404, ErrorCodes.ADMIN_DISABLED, "set ENSEMBLE_ADMIN_TOKEN to use this");
      return false;
    }
    if (!presents(request, token.get())) {
      response.setHeader("WWW-Authenticate", "Bearer");
      error(response, 401, ErrorCodes.UNAUTHORIZED, "this needs the admin token as a bearer");
      return false;
    }
    return true;
  }

  private static boolean presents(HttpServletRequest request, String token) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    return MessageDigest.isEqual(
        header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  static void error(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    response.setStatus(status);
    write(response, Json.object(g -> g.write("code", code).write("message", message)));
  }

  static void write(HttpServletResponse response, String json) throws IOException {
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(json);
  }
}
