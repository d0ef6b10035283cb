package dev.ensemble.bus;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * How to reach Redis and what the bus may hold.
 *
 * @param uri {@code redis://} or, for TLS, {@code rediss://host:port}, optionally with user and
 *     password
 * @param tls the sockets for {@code rediss://}, when the JVM's default trust is not the one to use
 * @param ping how often the subscription connection is checked
 * @param maxQueuedBytes most bytes of messages waiting to be published
 * @param key the key that signs messages, empty until the store has handed it out
 */
public record RedisBusSettings(
    URI uri,
    Optional<SSLSocketFactory> tls,
    Duration ping,
    long maxQueuedBytes,
    Supplier<Optional<byte[]>> key) {}
