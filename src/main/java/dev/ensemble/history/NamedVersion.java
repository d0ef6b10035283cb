package dev.ensemble.history;

/** A version of a room someone gave a name, and when they did. */
public record NamedVersion(long v, String name, long ts) {}
