package dev.ensemble.api;

/**
 * The parts of the OpenAPI document that many operations share: the names of the error answers
 * declared once in {@link RestApplication}'s components, and the descriptions of the 400 answers.
 * An error answer's description names, in backquotes, every code it may carry ({@code OpenApiIT}
 * checks them against {@link dev.ensemble.wire.ErrorCodes#REST}).
 */
final class ApiDocs {

  private ApiDocs() {}

  static final String JSON = "application/json";

  static final String UNAUTHORIZED = "Unauthorized";
  static final String FORBIDDEN = "Forbidden";
  static final String ROOM_NOT_FOUND = "RoomNotFound";
  static final String UNAVAILABLE = "Unavailable";
  static final String STORE_DIVERGED = "StoreDiverged";
  static final String HISTORY_FOLDED = "HistoryFolded";
  static final String BAD_ROOM_ID = "BadRoomId";
  static final String BAD_BODY = "BadBody";
  static final String LINK_NOT_FOUND = "LinkNotFound";

  static final String UNAUTHORIZED_TEXT =
      "No key or token where one is needed, an `Authorization` header that is not `Bearer`, or"
          + " (signin mode) a token that is not valid: `unauthorized`, `token-malformed`,"
          + " `token-issuer`, `token-signature`, `token-expired`, `token-audience`. Comes with"
          + " `WWW-Authenticate: Bearer`.";
  static final String FORBIDDEN_TEXT =
      "The key or person does not open the room (a wrong, revoked or expired link), or gives a"
          + " smaller role than the call needs: `forbidden`.";
  static final String ROOM_NOT_FOUND_TEXT =
      "There is no such room, or it was deleted: `room-not-found`.";
  static final String UNAVAILABLE_TEXT =
      "Try again later: `store-unavailable` (the store cannot be reached; with `Retry-After: 1`),"
          + " `issuer-unavailable` (signin mode: the issuer's keys cannot be fetched).";
  static final String STORE_DIVERGED_TEXT =
      "A version inside the range is missing from the store; the server says so rather than skip"
          + " it: `store-diverged`.";
  static final String HISTORY_FOLDED_TEXT =
      "The version is older than the server's retention (`ENSEMBLE_RETENTION_DAYS`): its"
          + " operations were folded into a milestone, and only the timeline's spans remain:"
          + " `history-folded`.";
  static final String BAD_ROOM_ID_TEXT =
      "The room id does not match `[A-Za-z0-9][A-Za-z0-9_-]{0,63}`: `bad-room-id`.";

  /** A room id, as every path about one room takes it. */
  static final String ROOM_ID = "The room's id, `[A-Za-z0-9][A-Za-z0-9_-]{0,63}`.";

  static final String ROOM_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

  static final String BAD_BODY_TEXT =
      "The body is not a JSON object (`bad-json`) or a field is missing or out of shape"
          + " (`bad-parameter`), or the room id does not match (`bad-room-id`).";

  static final String LINK_NOT_FOUND_TEXT =
      "There is no such room (`room-not-found`) or it has no such link (`link-not-found`).";
}
