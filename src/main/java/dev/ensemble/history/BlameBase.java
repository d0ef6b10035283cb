package dev.ensemble.history;

/**
 * Where a blame is worked out from: the document at version {@code v} (a milestone's, or the one a
 * room was created with) and who last changed each of its lines.
 */
public record BlameBase(long v, String content, LineBlame blame) {}
