package dev.ensemble.room;

/** What a room looks like from outside at one moment. */
public record RoomView(
    String id, String language, long v, String content, int sessions, boolean loaded) {}
