package dev.ensemble.api;

import dev.ensemble.store.StoreUnavailableException;
import dev.ensemble.wire.ErrorCodes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An unreachable store is the server's trouble, not the client's: 503, try again. */
@Provider
public class StoreUnavailableMapper implements ExceptionMapper<StoreUnavailableException> {

  @Override
  public Response toResponse(StoreUnavailableException e) {
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header("Retry-After", "1")
        .entity(new ApiError(ErrorCodes.STORE_UNAVAILABLE, e.getMessage()))
        .build();
  }
}
