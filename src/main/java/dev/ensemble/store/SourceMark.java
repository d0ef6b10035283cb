package dev.ensemble.store;

/** The last submission of one source in a room's log: its sequence number and its version. */
public record SourceMark(long seq, long v) {}
