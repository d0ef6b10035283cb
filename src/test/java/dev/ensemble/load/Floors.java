package dev.ensemble.load;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * What the machine can do without Ensemble: the latency of a Redis publish to a subscriber, and the
 * insert rate of the store through the same driver. Ensemble's figures are read against them.
 */
final class Floors {

  private Floors() {}

  /** Publish-to-receive latency of {@code count} messages, one at a time. */
  static Latencies.Summary redisLatency(String url, int count) throws Exception {
    Latencies latencies = new Latencies();
    CountDownLatch subscribed = new CountDownLatch(1);
    CountDownLatch received = new CountDownLatch(count);
    AtomicLong sentAt = new AtomicLong();
    JedisPubSub listener =
        new JedisPubSub() {
          @Override
          public void onSubscribe(String channel, int n) {
            subscribed.countDown();
          }

          @Override
          public void onMessage(String channel, String message) {
            latencies.record((System.nanoTime() - sentAt.get()) / 1000);
            received.countDown();
          }
        };
    ExecutorService loop = Executors.newSingleThreadExecutor();
    try (Jedis subscriber = new Jedis(URI.create(url));
        RedisClient publisher = RedisClient.create(URI.create(url))) {
      loop.execute(() -> subscriber.subscribe(listener, "floor"));
      subscribed.await(10, TimeUnit.SECONDS);
      for (int i = 0; i < count; i++) {
        long expected = received.getCount() - 1;
        sentAt.set(System.nanoTime());
        publisher.publish("floor", "x");
        while (received.getCount() > expected) {
          Thread.onSpinWait();
        }
      }
      listener.unsubscribe();
    } finally {
      loop.shutdownNow();
    }
    return latencies.summary();
  }

  /** Inserts per second of small documents, with {@code inFlight} writers at once. */
  static double storeInserts(String uri, int count, int inFlight) throws Exception {
    try (MongoClient client = MongoClients.create(uri)) {
      MongoCollection<Document> collection =
          client.getDatabase("floor").getCollection("inserts" + inFlight);
      collection.drop();
      ExecutorService writers = Executors.newFixedThreadPool(inFlight);
      AtomicLong next = new AtomicLong();
      long start = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < inFlight; w++) {
        running.add(
            writers.submit(
                () -> {
                  long i;
                  while ((i = next.getAndIncrement()) < count) {
                    collection.insertOne(
                        new Document("_id", "floor:" + i)
                            .append("room", "floor")
                            .append("v", i)
                            .append("op", List.of(5, "x")));
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      writers.shutdown();
      return count / ((System.nanoTime() - start) / 1e9);
    }
  }
}
