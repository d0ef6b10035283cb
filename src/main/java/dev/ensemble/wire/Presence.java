package dev.ensemble.wire;

import dev.ensemble.ot.Selection;
import java.util.List;

/** Where one user is in a room: name, colour and selections at document version {@code v}. */
public record Presence(
    String clientId, String name, String color, long v, List<Selection> selections) {}
