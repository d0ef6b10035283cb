package dev.ensemble.history;

/** {@code lines} lines in a row that the same operation last changed. */
public record BlameRun(int lines, Author author) {}
