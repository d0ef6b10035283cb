package dev.ensemble.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnsembleConfigTest {

  /** The documented defaults, as MicroProfile Config injects them. */
  private static EnsembleConfig defaults() {
    EnsembleConfig config = new EnsembleConfig();
    config.maxFrameBytes = 1048576;
    config.maxDocumentChars = 2097152;
    config.roomIdleSeconds = 30;
    config.windowSize = 1000;
    config.commitRetries = 20;
    config.batchLimit = 64;
    config.snapshotInterval = 100;
    config.milestoneInterval = 1000;
    config.retentionDays = 0;
    config.storeTimeoutMillis = 5000;
    config.windowBytes = 8388608;
    config.maxBehind = java.util.Optional.empty();
    config.storeCheckMillis = 1000;
    config.sendQueueBytes = 16777216;
    config.heartbeatSeconds = 10;
    config.forwardTimeoutMillis = 1000;
    config.rateOps = 100;
    config.ratePresence = 30;
    config.rateLanguage = 2;
    config.rateCatchups = 10;
    config.rateBytes = 8388608;
    config.maxQueuedSubmissions = 16;
    config.shutdownSeconds = 10;
    config.pollIntervalMillis = 250;
    config.redisPingMillis = 1000;
    config.presenceRefreshSeconds = 10;
    config.workerThreads = 16;
    config.allowedOrigins = java.util.Optional.empty();
    config.access = java.util.Optional.empty();
    config.oidcIssuer = java.util.Optional.empty();
    config.oidcClientId = java.util.Optional.empty();
    config.oidcAudience = java.util.Optional.empty();
    config.oidcClientSecret = java.util.Optional.empty();
    config.publicUrl = "http://localhost:9080";
    config.oidcPersonClaim = "preferred_username";
    config.oidcGroupsClaim = "groups";
    config.adminToken = java.util.Optional.empty();
    config.redisUrl = java.util.Optional.empty();
    config.redisSentinels = java.util.Optional.empty();
    config.redisMasterName = "mymaster";
    config.redisMasterUser = java.util.Optional.empty();
    config.redisMasterPassword = java.util.Optional.empty();
    config.redisSentinelUser = java.util.Optional.empty();
    config.redisSentinelPassword = java.util.Optional.empty();
    config.redisClusterNodes = java.util.Optional.empty();
    config.redisClusterUser = java.util.Optional.empty();
    config.redisClusterPassword = java.util.Optional.empty();
    config.redisTls = false;
    return config;
  }

  @Test
  void theDefaultsPass() {
    assertThatCode(defaults()::check).doesNotThrowAnyException();
  }

  @Test
  void aShortAdminTokenStopsTheServerNamingTheSetting() {
    EnsembleConfig config = defaults();
    config.adminToken = java.util.Optional.of("letmein");

    assertThatThrownBy(config::check)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ENSEMBLE_ADMIN_TOKEN")
        .hasMessageNotContaining("letmein");
    config.adminToken = java.util.Optional.of("x".repeat(24));
    assertThat(config.adminToken()).contains("x".repeat(24));
  }

  @Test
  void zeroWhereZeroMeansNoWaitPasses() {
    EnsembleConfig config = defaults();
    config.roomIdleSeconds = 0;
    config.shutdownSeconds = 0;
    assertThatCode(config::check).doesNotThrowAnyException();
  }

  @Test
  void anAllowedOriginThatIsNoOriginIsRefusedByName() {
    EnsembleConfig config = defaults();
    config.allowedOrigins = java.util.Optional.of("https://ide.example.com, ide.example.com");
    assertThatThrownBy(config::check)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ENSEMBLE_ALLOWED_ORIGINS: 'ide.example.com' is not an origin");
  }

  @Test
  void anEmptyWorkerPoolIsRefusedByName() {
    EnsembleConfig config = defaults();
    config.workerThreads = 0;
    assertThatThrownBy(config::check)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ENSEMBLE_WORKER_THREADS must be at least 1, was 0");
  }

  @Test
  void aZeroMilestoneIntervalIsRefusedByName() {
    EnsembleConfig config = defaults();
    config.milestoneInterval = 0;
    assertThatThrownBy(config::check)
        .hasMessage("ENSEMBLE_MILESTONE_INTERVAL must be at least 1, was 0");
  }

  @Test
  void retentionKeepsEverythingByDefaultAndCountsInDaysOtherwise() {
    EnsembleConfig config = defaults();
    config.check();
    assertThat(config.retention()).isEmpty();
    config.retentionDays = 30;
    config.check();
    assertThat(config.retention()).contains(java.time.Duration.ofDays(30));
    config.retentionDays = -1;
    assertThatThrownBy(config::check)
        .hasMessage("ENSEMBLE_RETENTION_DAYS must be at least 0, was -1");
  }

  @Test
  void aBatchLargerThanTheStoreLooksBackForIsRefusedByName() {
    EnsembleConfig config = defaults();
    config.batchLimit = 513;
    assertThatThrownBy(config::check)
        .hasMessage("ENSEMBLE_BATCH_LIMIT must be at most 512, was 513");
  }

  @Test
  void aNegativePeriodIsRefusedByName() {
    EnsembleConfig config = defaults();
    config.pollIntervalMillis = -5;
    assertThatThrownBy(config::check)
        .hasMessage("ENSEMBLE_POLL_INTERVAL_MS must be at least 1, was -5");
  }

  @Test
  void accessIsByLinksUnlessSetOpenAndAnUnknownModeIsRefusedByName() {
    EnsembleConfig config = defaults();
    config.check();
    assertThat(config.accessMode()).isEqualTo(dev.ensemble.access.AccessMode.LINKS);
    config.access = java.util.Optional.of("open");
    config.check();
    assertThat(config.accessMode()).isEqualTo(dev.ensemble.access.AccessMode.OPEN);
    config.access = java.util.Optional.of("everyone");
    assertThatThrownBy(config::check)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ENSEMBLE_ACCESS");
  }

  @Test
  void anIssuerMakesSigninTheDefaultWhichNeedsAnAudience() {
    EnsembleConfig config = defaults();
    config.oidcIssuer = java.util.Optional.of("https://login.example.com/realm");
    assertThatThrownBy(config::check).hasMessageContaining("ENSEMBLE_OIDC_CLIENT_ID");
    config.oidcClientId = java.util.Optional.of("ensemble");
    config.check();
    assertThat(config.accessMode()).isEqualTo(dev.ensemble.access.AccessMode.SIGNIN);
    assertThat(config.signin().orElseThrow())
        .isEqualTo(
            new dev.ensemble.access.SigninSettings(
                "https://login.example.com/realm",
                "ensemble",
                "ensemble",
                "preferred_username",
                "groups"));
  }

  @Test
  void signinWithoutAnIssuerIsRefusedByName() {
    EnsembleConfig config = defaults();
    config.access = java.util.Optional.of("signin");
    assertThatThrownBy(config::check).hasMessageContaining("ENSEMBLE_OIDC_ISSUER");
  }

  @Test
  void sentinelsAreReadWithTheMasterNameAndCredentialsThatNeverShowAPassword() {
    EnsembleConfig config = defaults();
    config.redisSentinels = java.util.Optional.of("redis1:26379, 10.0.0.7:26380,[::1]:26381");
    config.redisMasterPassword = java.util.Optional.of("master-s3cret");
    config.redisSentinelUser = java.util.Optional.of("watcher");
    config.redisSentinelPassword = java.util.Optional.of("sentinel-s3cret");
    config.check();

    RedisSentinels sentinels = config.redisSentinels().orElseThrow();
    assertThat(sentinels.sentinels())
        .containsExactly(
            new RedisSentinels.Address("redis1", 26379),
            new RedisSentinels.Address("10.0.0.7", 26380),
            new RedisSentinels.Address("::1", 26381));
    assertThat(sentinels.masterName()).isEqualTo("mymaster");
    assertThat(sentinels.master().password()).contains("master-s3cret");
    assertThat(sentinels.sentinel().user()).contains("watcher");
    assertThat(sentinels.toString()).doesNotContain("s3cret").contains("watcher");
  }

  @Test
  void aSentinelThatIsNotHostAndPortStopsTheServerNamingTheSettingAndTheEntry() {
    for (String[] bad :
        new String[][] {
          {"redis1", "redis1"},
          {"redis1:26379,", ""},
          {"redis1:26379,:26379", ":26379"},
          {"redis1:sentinel", "redis1:sentinel"},
          {"redis1:70000", "redis1:70000"},
          {"redis1:0", "redis1:0"},
          {"redis 1:26379", "redis 1:26379"},
          {"redis1:-5", "redis1:-5"}
        }) {
      EnsembleConfig config = defaults();
      config.redisSentinels = java.util.Optional.of(bad[0]);
      assertThatThrownBy(config::check)
          .as(bad[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "REDIS_SENTINELS: '"
                  + bad[1]
                  + "' is not host:port (a list like redis1:26379,redis2:26379)");
    }
  }

  @Test
  void sentinelsBesideARedisUrlOrWithoutAMasterNameAreRefused() {
    EnsembleConfig config = defaults();
    config.redisSentinels = java.util.Optional.of("redis1:26379");
    config.redisUrl = java.util.Optional.of("redis://redis:6379");
    assertThatThrownBy(config::check)
        .hasMessageStartingWith("REDIS_URL and REDIS_SENTINELS are both set");

    config.redisUrl = java.util.Optional.empty();
    config.redisMasterName = " ";
    assertThatThrownBy(config::check)
        .hasMessage("REDIS_SENTINELS needs the master's name in REDIS_MASTER_NAME");
  }

  @Test
  void withoutSentinelsThereIsNoSentinelSetup() {
    EnsembleConfig config = defaults();
    config.redisSentinels = java.util.Optional.of(" ");
    config.check();
    assertThat(config.redisSentinels()).isEmpty();
  }

  @Test
  void clusterNodesAreReadWithCredentialsThatNeverShowAPassword() {
    EnsembleConfig config = defaults();
    config.redisClusterNodes = java.util.Optional.of("redis1:6379, 10.0.0.7:6380");
    config.redisClusterUser = java.util.Optional.of("ensemble");
    config.redisClusterPassword = java.util.Optional.of("cluster-s3cret");
    config.check();

    RedisClusterNodes cluster = config.redisClusterNodes().orElseThrow();
    assertThat(cluster.nodes())
        .containsExactly(
            new RedisSentinels.Address("redis1", 6379),
            new RedisSentinels.Address("10.0.0.7", 6380));
    assertThat(cluster.credentials().password()).contains("cluster-s3cret");
    assertThat(cluster.toString()).doesNotContain("s3cret").contains("ensemble");
    assertThat(config.redisSentinels()).isEmpty();
  }

  @Test
  void clusterNodesBesideARedisUrlOrSentinelsOrNotHostAndPortAreRefused() {
    EnsembleConfig config = defaults();
    config.redisClusterNodes = java.util.Optional.of("redis1:6379");
    config.redisUrl = java.util.Optional.of("redis://redis:6379");
    assertThatThrownBy(config::check)
        .hasMessageStartingWith("REDIS_CLUSTER_NODES is set beside REDIS_URL");

    config.redisUrl = java.util.Optional.empty();
    config.redisSentinels = java.util.Optional.of("redis1:26379");
    assertThatThrownBy(config::check)
        .hasMessageStartingWith("REDIS_CLUSTER_NODES is set beside REDIS_SENTINELS");

    config.redisSentinels = java.util.Optional.empty();
    config.redisClusterNodes = java.util.Optional.of("redis1:6379,redis2");
    assertThatThrownBy(config::check)
        .hasMessage(
            "REDIS_CLUSTER_NODES: 'redis2' is not host:port (a list like redis1:6379,redis2:6379)");
  }

  @Test
  void tlsIsForSentinelsOnly() {
    EnsembleConfig config = defaults();
    config.redisTls = true;
    config.redisSentinels = java.util.Optional.of("redis1:26379");
    config.check();
    assertThat(config.redisSentinelTls()).isTrue();

    config.redisSentinels = java.util.Optional.empty();
    config.redisClusterNodes = java.util.Optional.of("redis1:6379");
    assertThatThrownBy(config::check).hasMessageStartingWith("REDIS_TLS is for REDIS_SENTINELS");
  }
}
