package dev.ensemble.room;

import dev.ensemble.history.HistorySpan;
import dev.ensemble.history.NamedVersion;
import java.util.List;

/**
 * A room's history from version {@code from} to {@code to} as a timeline: at most {@link
 * RoomHistory#MAX_TIMELINE_POINTS} consecutive spans of operations in version order, and the named
 * versions in the range. {@code v} is the room's head.
 */
public record Timeline(
    long v, long from, long to, List<HistorySpan> changes, List<NamedVersion> versions) {}
