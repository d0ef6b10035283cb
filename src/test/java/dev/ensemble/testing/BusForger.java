package dev.ensemble.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;
import redis.clients.jedis.Jedis;

/**
 * Puts messages on a room's channel as someone with access to Redis would: unsigned, or signed with
 * the deployment's key read from the store, as a server with a bug would send them.
 */
public final class BusForger implements AutoCloseable {

  private final Jedis redis;
  private final byte[] key;

  public BusForger(String redisUrl, String storeUri) {
    this.redis = new Jedis(URI.create(redisUrl));
    try (MongoClient client = MongoClients.create(storeUri)) {
      Document secret =
          client
              .getDatabase("ensemble")
              .getCollection("secrets")
              .find(Filters.eq("_id", "bus"))
              .first();
      this.key = Base64.getDecoder().decode(secret.getString("value"));
    }
  }

  public void publishUnsigned(String room, String message) {
    redis.publish("room:" + room + ":operations", message);
  }

  public void publishSigned(String room, String message) {
    redis.publish("room:" + room + ":operations", tag(message) + "." + message);
  }

  private String tag(String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 22);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
