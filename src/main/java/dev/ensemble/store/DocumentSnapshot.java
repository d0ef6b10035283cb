package dev.ensemble.store;

/** A room's document as it was at version {@code v}. */
public record DocumentSnapshot(String room, String language, String content, long v) {}
