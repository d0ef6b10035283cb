package dev.ensemble.api;

import dev.ensemble.store.HistoryGapException;
import dev.ensemble.wire.ErrorCodes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A version missing from the store inside a requested range: the server cannot answer truthfully,
 * and says so rather than skip it.
 */
@Provider
public class HistoryGapMapper implements ExceptionMapper<HistoryGapException> {

  @Override
  public Response toResponse(HistoryGapException e) {
    return Response.status(Response.Status.INTERNAL_SERVER_ERROR)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(ErrorCodes.STORE_DIVERGED, e.getMessage()))
        .build();
  }
}
