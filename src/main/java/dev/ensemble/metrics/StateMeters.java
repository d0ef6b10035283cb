package dev.ensemble.metrics;

import dev.ensemble.bus.OperationBus;
import dev.ensemble.room.RoomManager;
import dev.ensemble.ws.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

/** What the server holds at the moment of a scrape: rooms, sessions and the bus. */
@ApplicationScoped
public class StateMeters {

  @Inject MetricRegistry registry;
  @Inject RoomManager rooms;
  @Inject SessionRegistry sessions;
  @Inject OperationBus bus;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    registry.gauge(
        Meters.metadata("ensemble.rooms", "rooms loaded on this server", MetricUnits.NONE),
        rooms,
        r -> r.activeRooms().size());
    registry.gauge(
        Meters.metadata("ensemble.sessions", "WebSocket sessions open here", MetricUnits.NONE),
        sessions,
        SessionRegistry::size);
    registry.gauge(
        Meters.metadata(
            "ensemble.bus.connected",
            "1 while the bus carries messages between servers, else 0",
            MetricUnits.NONE),
        bus,
        b -> b.isConnected() ? 1 : 0);
    Counter reconnects =
        new Meters(registry)
            .counter("ensemble.bus.reconnects", "times the bus came back after an outage");
    bus.onReconnect(reconnects::inc);
  }
}
