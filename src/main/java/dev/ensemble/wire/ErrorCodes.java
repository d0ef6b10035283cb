package dev.ensemble.wire;

/** The stable codes of {@code error} messages and REST error bodies. */
public final class ErrorCodes {

  public static final String BAD_JSON = "bad-json";
  public static final String UNKNOWN_TYPE = "unknown-type";
  public static final String BAD_MESSAGE = "bad-message";
  public static final String BAD_OP = "bad-op";
  public static final String FUTURE_VERSION = "future-version";
  public static final String FRAME_TOO_LARGE = "frame-too-large";
  public static final String DOCUMENT_TOO_LARGE = "document-too-large";
  public static final String BAD_ROOM_ID = "bad-room-id";
  public static final String BAD_LANGUAGE = "bad-language";
  public static final String BAD_PARAMETER = "bad-parameter";
  public static final String ROOM_NOT_FOUND = "room-not-found";
  public static final String ROOM_EXISTS = "room-exists";
  public static final String RANGE_TOO_LARGE = "range-too-large";
  public static final String BAD_VERSION_NAME = "bad-version-name";
  public static final String COMMIT_CONFLICT = "commit-conflict";
  public static final String STORE_UNAVAILABLE = "store-unavailable";
  public static final String SERVER_STOPPING = "server-stopping";
  public static final String INTERNAL_ERROR = "internal-error";
  public static final String VERSION_TOO_OLD = "version-too-old";
  public static final String RATE_LIMITED = "rate-limited";
  public static final String FORBIDDEN = "forbidden";
  public static final String UNAUTHORIZED = "unauthorized";
  public static final String LINK_NOT_FOUND = "link-not-found";
  public static final String TOKEN_MALFORMED = "token-malformed";
  public static final String TOKEN_ISSUER = "token-issuer";
  public static final String TOKEN_SIGNATURE = "token-signature";
  public static final String TOKEN_EXPIRED = "token-expired";
  public static final String TOKEN_AUDIENCE = "token-audience";
  public static final String ISSUER_UNAVAILABLE = "issuer-unavailable";

  /** An edit or language change in a room its owner archived: read-only, not retryable. */
  public static final String ROOM_ARCHIVED = "room-archived";

  /** A read of versions that retention folded into a milestone: their operations are gone. */
  public static final String HISTORY_FOLDED = "history-folded";

  /** The codes that mean: who are you? No credential, or a token that names nobody it may. */
  public static final java.util.Set<String> NOT_SIGNED_IN =
      java.util.Set.of(
          UNAUTHORIZED,
          TOKEN_MALFORMED,
          TOKEN_ISSUER,
          TOKEN_SIGNATURE,
          TOKEN_EXPIRED,
          TOKEN_AUDIENCE);

  public static final String FORBIDDEN_ORIGIN = "forbidden-origin";
  public static final String STORE_DIVERGED = "store-diverged";
  public static final String ROOM_BROKEN = "room-broken";
  public static final String ADMIN_DISABLED = "admin-disabled";

  /**
   * The codes a REST call under {@code /api} may answer with, in its {@code {"code", "message"}}
   * body; the OpenAPI document lists them in the schema of that body. The others are the
   * WebSocket's, the handshake's ({@code forbidden-origin}) and the drain's ({@code
   * admin-disabled}).
   */
  public static final java.util.Set<String> REST =
      java.util.Set.of(
          BAD_JSON,
          BAD_PARAMETER,
          BAD_ROOM_ID,
          BAD_LANGUAGE,
          FUTURE_VERSION,
          RANGE_TOO_LARGE,
          BAD_VERSION_NAME,
          DOCUMENT_TOO_LARGE,
          ROOM_NOT_FOUND,
          LINK_NOT_FOUND,
          ROOM_EXISTS,
          FORBIDDEN,
          UNAUTHORIZED,
          TOKEN_MALFORMED,
          TOKEN_ISSUER,
          TOKEN_SIGNATURE,
          TOKEN_EXPIRED,
          TOKEN_AUDIENCE,
          ISSUER_UNAVAILABLE,
          STORE_UNAVAILABLE,
          STORE_DIVERGED,
          HISTORY_FOLDED);

  private ErrorCodes() {}
}
