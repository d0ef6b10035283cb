package dev.ensemble.api;

import dev.ensemble.access.AccessMode;
import dev.ensemble.config.EnsembleConfig;
import dev.ensemble.room.RoomManager;
import dev.ensemble.store.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the store answers and the server is not stopping: without a store nothing commits. It
 * answers from what the store's health loop last found, so it never waits for a hung store. Rooms
 * that refuse edits because the store lost what they acknowledged are counted in the data, and
 * named there only in open mode: health answers anyone, so it says nothing about rooms that are not
 * everyone's.
 */
@Readiness
@ApplicationScoped
public class StoreReadinessCheck implements HealthCheck {

  @Inject StoreHealth store;
  @Inject RoomManager rooms;
  @Inject EnsembleConfig config;

  @Override
  public HealthCheckResponse call() {
    String problem = store.problem();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("store")
            .status(problem == null && !rooms.isStopping())
            .withData("store", problem == null ? "reachable" : problem)
            .withData("stopping", rooms.isStopping())
            .withData("bus", rooms.isBusConnected() ? "connected" : "unreachable");
    rooms.busMaster().ifPresent(master -> response.withData("redisMaster", master));
    rooms.busShards().ifPresent(shards -> response.withData("redisShards", shards));
    Map<String, String> troubled = rooms.troubledRooms();
    if (!troubled.isEmpty() && config.accessMode() != AccessMode.OPEN) {
      response.withData("roomsRefusingEdits", troubled.size() + "; the log names them");
    } else if (!troubled.isEmpty()) {
      response.withData(
          "roomsRefusingEdits",
          troubled.entrySet().stream()
              .map(e -> e.getKey() + " (" + e.getValue() + ")")
              .collect(Collectors.joining(", ")));
    }
    return response.build();
  }
}
