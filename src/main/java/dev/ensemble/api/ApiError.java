package dev.ensemble.api;

/** The body of every REST error. */
public record ApiError(String code, String message) {}
