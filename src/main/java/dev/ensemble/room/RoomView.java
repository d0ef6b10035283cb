package dev.ensemble.room;

/**
 * What a room looks like from outside at one moment; {@code trouble} is the error code with which
 * it refuses edits, or null.
 */
public record RoomView(
    String id,
    String language,
    long v,
    String content,
    int sessions,
    boolean loaded,
    String trouble) {}
