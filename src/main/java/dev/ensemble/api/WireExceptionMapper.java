package dev.ensemble.api;

import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.WireException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Bad input becomes a 4xx with a JSON body naming the problem. */
@Provider
public class WireExceptionMapper implements ExceptionMapper<WireException> {

  @Override
  public Response toResponse(WireException e) {
    Response.Status status =
        ErrorCodes.NOT_SIGNED_IN.contains(e.code())
            ? Response.Status.UNAUTHORIZED
            : switch (e.code()) {
              case ErrorCodes.ROOM_NOT_FOUND, ErrorCodes.LINK_NOT_FOUND ->
                  Response.Status.NOT_FOUND;
              case ErrorCodes.FORBIDDEN -> Response.Status.FORBIDDEN;
              case ErrorCodes.ROOM_EXISTS -> Response.Status.CONFLICT;
              case ErrorCodes.HISTORY_FOLDED -> Response.Status.GONE;
              case ErrorCodes.DOCUMENT_TOO_LARGE -> Response.Status.REQUEST_ENTITY_TOO_LARGE;
              default -> Response.Status.BAD_REQUEST;
            };
    Response.ResponseBuilder response = Response.status(status);
    if (status == Response.Status.UNAUTHORIZED) {
      response.header("WWW-Authenticate", "Bearer");
    }
    return response
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(e.code(), e.getMessage()))
        .build();
  }
}
