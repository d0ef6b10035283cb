package dev.ensemble.api;

import dev.ensemble.access.KeysUnavailableException;
import dev.ensemble.wire.ErrorCodes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Nobody's token can be checked while the issuer's keys cannot be fetched: try again later. */
@Provider
public class KeysUnavailableMapper implements ExceptionMapper<KeysUnavailableException> {

  @Override
  public Response toResponse(KeysUnavailableException e) {
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(ErrorCodes.ISSUER_UNAVAILABLE, e.getMessage()))
        .build();
  }
}
