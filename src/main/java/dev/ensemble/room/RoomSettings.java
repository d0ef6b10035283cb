package dev.ensemble.room;

import java.time.Duration;

/**
 * What the room layer needs from the configuration.
 *
 * @param serverId names this server on the bus
 * @param maxDocumentChars largest document, in UTF-16 code units
 * @param windowSize committed ops kept in memory per room
 * @param commitRetries attempts to commit one submission when other servers keep taking versions
 * @param batchLimit most submissions of one room committed in one store write
 * @param snapshotInterval ops between snapshot writes
 * @param milestoneInterval ops between kept documents for time travel
 * @param idleGrace how long a room without sessions stays in memory
 */
public record RoomSettings(
    String serverId,
    int maxDocumentChars,
    int windowSize,
    int commitRetries,
    int batchLimit,
    int snapshotInterval,
    int milestoneInterval,
    Duration idleGrace) {}
