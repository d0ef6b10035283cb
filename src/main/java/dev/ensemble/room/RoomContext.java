package dev.ensemble.room;

import dev.ensemble.bus.OperationBus;
import dev.ensemble.store.OperationStore;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** What every room of a server shares. */
record RoomContext(
    RoomManager rooms,
    OperationStore store,
    OperationBus bus,
    Executor executor,
    ScheduledExecutorService scheduler,
    RoomSettings settings,
    RoomMetrics metrics,
    ClaimedDocuments claimedDocuments) {}
