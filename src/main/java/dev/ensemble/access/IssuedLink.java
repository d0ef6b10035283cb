package dev.ensemble.access;

/** A link just created, with its secret: the only time the secret is known to the server. */
public record IssuedLink(ShareLink link, String secret) {}
