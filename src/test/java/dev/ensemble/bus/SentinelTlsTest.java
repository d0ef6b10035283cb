package dev.ensemble.bus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.config.RedisSentinels;
import dev.ensemble.config.TrustStore;
import dev.ensemble.testing.CapturedLog;
import dev.ensemble.testing.RedisProcess;
import dev.ensemble.testing.SentinelGroup;
import dev.ensemble.testing.TlsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract over a master, a replica and three sentinels that all speak only TLS (REDIS_TLS with
 * REDIS_SENTINELS), with passwords; a bus without TLS does not reach them.
 */
class SentinelTlsTest extends OperationBusContract {

  private static final byte[] KEY = "a key all test servers share...".getBytes(UTF_8);
  private static final Path DIR = Path.of("target/sentinel-tls-test");
  private static final ExecutorService LOOPS = Executors.newCachedThreadPool();
  private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(1);
  private static TlsFiles tls;
  private static SentinelGroup group;

  @BeforeAll
  static void startSentinels() {
    assumeTrue(TlsFiles.canMake(), "no openssl to make a certificate");
    assumeTrue(RedisProcess.supportsTls(), "no redis-server with TLS on the PATH");
    tls = TlsFiles.make(DIR.resolve("tls"));
    group = new SentinelGroup(DIR.resolve("group"), Optional.of(tls)).start();
  }

  @AfterAll
  static void stop() {
    if (group != null) {
      group.close();
    }
    LOOPS.shutdownNow();
    TIMERS.shutdownNow();
  }

  @Override
  OperationBus newBus() {
    return bus(
        Optional.of(
            RedisTls.socketFactory(new TrustStore(tls.trustStore(), tls.trustStorePassword()))));
  }

  private static OperationBus bus(Optional<SSLSocketFactory> sockets) {
    return new RedisOperationBus(
        new RedisBusSettings(
            new SentinelRedis(
                new RedisSentinels(
                    Stream.of(group.sentinelList().split(","))
                        .map(
                            s ->
                                new RedisSentinels.Address(
                                    "127.0.0.1", Integer.parseInt(s.split(":")[1])))
                        .toList(),
                    SentinelGroup.MASTER_NAME,
                    new RedisSentinels.Credentials(
                        Optional.empty(), Optional.of(SentinelGroup.MASTER_PASSWORD)),
                    new RedisSentinels.Credentials(
                        Optional.empty(), Optional.of(SentinelGroup.SENTINEL_PASSWORD))),
                sockets),
            Duration.ofSeconds(1),
            1 << 20,
            () -> Optional.of(KEY)),
        LOOPS,
        TIMERS);
  }

  @Test
  void namesTheMasterItReachedOverTls() {
    assertThat(receiver.master()).contains(group.currentMaster());
  }

  @Test
  void aBusWithoutTlsDoesNotReachTheSentinels() {
    try (CapturedLog log = CapturedLog.of(RedisOperationBus.class);
        OperationBus plain = bus(Optional.empty())) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> log.messages(Level.WARNING).stream().anyMatch(m -> m.contains("lost Redis")));
      assertThat(plain.isConnected()).isFalse();
      assertThat(log.messages(Level.WARNING))
          .noneMatch(m -> m.contains(SentinelGroup.MASTER_PASSWORD))
          .noneMatch(m -> m.contains(SentinelGroup.SENTINEL_PASSWORD));
    }
  }
}
