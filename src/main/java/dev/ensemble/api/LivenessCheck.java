package dev.ensemble.api;

import dev.ensemble.room.RoomManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the application runs; reports the rooms in memory and the commit counters. */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

  @Inject RoomManager rooms;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("ensemble")
        .up()
        .withData("server", rooms.settings().serverId())
        .withData("rooms", rooms.activeRooms().size())
        .withData("commits", rooms.metrics().commits())
        .withData("versionConflicts", rooms.metrics().versionConflicts())
        .withData("forwarded", rooms.metrics().forwarded())
        .withData("takenBack", rooms.metrics().takenBack())
        .build();
  }
}
