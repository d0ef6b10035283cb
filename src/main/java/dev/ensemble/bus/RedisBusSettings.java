package dev.ensemble.bus;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How to reach Redis and what the bus may hold.
 *
 * @param endpoint the Redis, or the sentinels that name it; the bus closes it
 * @param ping how often the subscription connection is checked
 * @param maxQueuedBytes most bytes of messages waiting to be published
 * @param key the key that signs messages, empty until the store has handed it out
 */
public record RedisBusSettings(
    RedisEndpoint endpoint, Duration ping, long maxQueuedBytes, Supplier<Optional<byte[]>> key) {}
