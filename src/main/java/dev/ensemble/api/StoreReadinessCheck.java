package dev.ensemble.api;

import dev.ensemble.room.RoomManager;
import dev.ensemble.store.OperationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the store answers and the server is not stopping: without a store nothing commits.
 */
@Readiness
@ApplicationScoped
public class StoreReadinessCheck implements HealthCheck {

  @Inject OperationStore store;
  @Inject RoomManager rooms;

  @Override
  public HealthCheckResponse call() {
    boolean reachable = store.isReachable();
    return HealthCheckResponse.named("store")
        .status(reachable && !rooms.isStopping())
        .withData("store", reachable ? "reachable" : "unreachable")
        .withData("stopping", rooms.isStopping())
        .withData("bus", rooms.isBusConnected() ? "connected" : "unreachable")
        .build();
  }
}
