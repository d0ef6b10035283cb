package dev.ensemble.bus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.config.TrustStore;
import dev.ensemble.testing.CapturedLog;
import dev.ensemble.testing.RedisProcess;
import dev.ensemble.testing.TlsFiles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bus over a Redis that speaks only TLS and wants a user and password from the URL. */
class RedisTlsTest {

  private static final byte[] KEY = "a key all test servers share...".getBytes(UTF_8);
  private static final Path DIR = Path.of("target/redis-tls-test");
  private static final ExecutorService LOOPS = Executors.newCachedThreadPool();
  private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(1);
  private static TlsFiles tls;
  private static RedisProcess redis;

  @BeforeAll
  static void startRedis() {
    assumeTrue(TlsFiles.canMake(), "no openssl to make a certificate");
    assumeTrue(RedisProcess.supportsTls(), "no redis-server with TLS on the PATH");
    tls = TlsFiles.make(DIR.resolve("tls"));
    redis = RedisProcess.withTls(DIR.resolve("redis"), tls, "s3cret-pass").start();
  }

  @AfterAll
  static void stop() {
    if (redis != null) {
      redis.close();
    }
    LOOPS.shutdownNow();
    TIMERS.shutdownNow();
  }

  private static OperationBus bus(String url) {
    return new RedisOperationBus(
        new RedisBusSettings(
            new DirectRedis(
                URI.create(url),
                Optional.of(
                    RedisTls.socketFactory(
                        new TrustStore(tls.trustStore(), tls.trustStorePassword())))),
            Duration.ofMillis(200),
            1 << 20,
            () -> Optional.of(KEY)),
        LOOPS,
        TIMERS);
  }

  @Test
  void carriesMessagesOverTlsWithTheUserAndPasswordOfTheUrl() {
    RecordingListener heard = new RecordingListener();
    try (OperationBus sender = bus(redis.url());
        OperationBus receiver = bus(redis.url())) {
      receiver.listen(heard);
      await().until(() -> sender.isConnected() && receiver.isConnected());
      receiver.subscribe("alpha").toCompletableFuture().join();

      sender.publish("alpha", "over tls");

      await().until(() -> heard.messages.contains("alpha:over tls"));
    }
  }

  @Test
  void aWrongPasswordIsRefusedAndSaidSoWithoutThePassword() {
    String wrong = redis.url().replace("s3cret-pass", "wrong-pass");
    try (CapturedLog log = CapturedLog.of(RedisOperationBus.class);
        OperationBus refused = bus(wrong)) {
      await()
          .until(() -> log.messages(Level.WARNING).stream().anyMatch(m -> m.contains("WRONGPASS")));
      assertThat(refused.isConnected()).isFalse();
      assertThat(log.messages(Level.WARNING)).noneMatch(m -> m.contains("wrong-pass"));
    }
  }
}
