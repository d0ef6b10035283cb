package dev.ensemble.config;

import dev.ensemble.access.AccessMode;
import dev.ensemble.access.OriginPolicy;
import dev.ensemble.access.SigninSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every setting of Ensemble, read through MicroProfile Config so that an environment variable of
 * the same name overrides it. Each has a default; the README lists them.
 */
@ApplicationScoped
public class EnsembleConfig {

  @Inject
  @ConfigProperty(name = "MONGODB_URI")
  Optional<String> mongoUri;

  @Inject
  @ConfigProperty(name = "REDIS_URL")
  Optional<String> redisUrl;

  @Inject
  @ConfigProperty(name = RedisSentinels.SETTING)
  Optional<String> redisSentinels;

  @Inject
  @ConfigProperty(name = "REDIS_MASTER_NAME", defaultValue = "mymaster")
  String redisMasterName;

  @Inject
  @ConfigProperty(name = "REDIS_MASTER_USER")
  Optional<String> redisMasterUser;

  @Inject
  @ConfigProperty(name = "REDIS_MASTER_PASSWORD")
  Optional<String> redisMasterPassword;

  @Inject
  @ConfigProperty(name = "REDIS_SENTINEL_USER")
  Optional<String> redisSentinelUser;

  @Inject
  @ConfigProperty(name = "REDIS_SENTINEL_PASSWORD")
  Optional<String> redisSentinelPassword;

  private RedisSentinels sentinels;

  @Inject
  @ConfigProperty(name = RedisClusterNodes.SETTING)
  Optional<String> redisClusterNodes;

  @Inject
  @ConfigProperty(name = "REDIS_CLUSTER_USER")
  Optional<String> redisClusterUser;

  @Inject
  @ConfigProperty(name = "REDIS_CLUSTER_PASSWORD")
  Optional<String> redisClusterPassword;

  private RedisClusterNodes clusterNodes;

  @Inject
  @ConfigProperty(name = "REDIS_TLS", defaultValue = "false")
  boolean redisTls;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_REDIS_TRUST_STORE")
  Optional<String> redisTrustStore;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_REDIS_TRUST_STORE_PASSWORD")
  Optional<String> redisTrustStorePassword;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_ALLOWED_ORIGINS")
  Optional<String> allowedOrigins;

  private OriginPolicy originPolicy;

  @Inject
  @ConfigProperty(name = AccessMode.SETTING)
  Optional<String> access;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_OIDC_ISSUER")
  Optional<String> oidcIssuer;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_OIDC_CLIENT_ID")
  Optional<String> oidcClientId;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_OIDC_AUDIENCE")
  Optional<String> oidcAudience;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_OIDC_CLIENT_SECRET")
  Optional<String> oidcClientSecret;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_PUBLIC_URL", defaultValue = "http://localhost:9080")
  String publicUrl;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_OIDC_PERSON_CLAIM", defaultValue = "preferred_username")
  String oidcPersonClaim;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_OIDC_GROUPS_CLAIM", defaultValue = "groups")
  String oidcGroupsClaim;

  private AccessMode accessMode;
  private SigninSettings signin;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_DATA_DIR", defaultValue = "./data")
  String dataDir;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_SERVER_ID")
  Optional<String> serverId;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_MAX_FRAME_BYTES", defaultValue = "1048576")
  int maxFrameBytes;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_MAX_DOCUMENT_CHARS", defaultValue = "2097152")
  int maxDocumentChars;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_ROOM_IDLE_SECONDS", defaultValue = "30")
  int roomIdleSeconds;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_WINDOW_SIZE", defaultValue = "1000")
  int windowSize;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_COMMIT_RETRIES", defaultValue = "20")
  int commitRetries;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_BATCH_LIMIT", defaultValue = "64")
  int batchLimit;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_SNAPSHOT_INTERVAL", defaultValue = "100")
  int snapshotInterval;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_MILESTONE_INTERVAL", defaultValue = "1000")
  int milestoneInterval;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_RETENTION_DAYS", defaultValue = "0")
  int retentionDays;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_STORE_TIMEOUT_MS", defaultValue = "5000")
  int storeTimeoutMillis;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_WINDOW_BYTES", defaultValue = "8388608")
  long windowBytes;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_MAX_BEHIND")
  Optional<Integer> maxBehind;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_STORE_CHECK_MS", defaultValue = "1000")
  int storeCheckMillis;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_SEND_QUEUE_BYTES", defaultValue = "16777216")
  long sendQueueBytes;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_HEARTBEAT_SECONDS", defaultValue = "10")
  int heartbeatSeconds;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_FORWARD_TIMEOUT_MS", defaultValue = "1000")
  int forwardTimeoutMillis;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_RATE_OPS", defaultValue = "100")
  int rateOps;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_RATE_PRESENCE", defaultValue = "30")
  int ratePresence;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_RATE_LANGUAGE", defaultValue = "2")
  int rateLanguage;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_RATE_CATCHUPS", defaultValue = "10")
  int rateCatchups;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_RATE_BYTES", defaultValue = "8388608")
  int rateBytes;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_MAX_QUEUED_SUBMISSIONS", defaultValue = "16")
  int maxQueuedSubmissions;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_SHUTDOWN_SECONDS", defaultValue = "10")
  int shutdownSeconds;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_ADMIN_TOKEN")
  Optional<String> adminToken;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_POLL_INTERVAL_MS", defaultValue = "250")
  int pollIntervalMillis;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_REDIS_PING_MS", defaultValue = "1000")
  int redisPingMillis;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_PRESENCE_REFRESH_SECONDS", defaultValue = "10")
  int presenceRefreshSeconds;

  @Inject
  @ConfigProperty(name = "ENSEMBLE_WORKER_THREADS", defaultValue = "16")
  int workerThreads;

  /**
   * Refuses a number out of range when the server starts, naming the setting, rather than failing
   * later with a bare exception from deep inside: an empty pool, a zero period, a division by zero.
   */
  @PostConstruct
  void check() {
    atLeast("ENSEMBLE_MAX_FRAME_BYTES", maxFrameBytes, 1);
    atLeast("ENSEMBLE_MAX_DOCUMENT_CHARS", maxDocumentChars, 1);
    atLeast("ENSEMBLE_ROOM_IDLE_SECONDS", roomIdleSeconds, 0);
    atLeast("ENSEMBLE_WINDOW_SIZE", windowSize, 1);
    atLeast("ENSEMBLE_COMMIT_RETRIES", commitRetries, 1);
    atLeast("ENSEMBLE_BATCH_LIMIT", batchLimit, 1);
    atLeast("ENSEMBLE_SNAPSHOT_INTERVAL", snapshotInterval, 1);
    atLeast("ENSEMBLE_MILESTONE_INTERVAL", milestoneInterval, 1);
    atLeast("ENSEMBLE_RETENTION_DAYS", retentionDays, 0);
    atLeast("ENSEMBLE_STORE_TIMEOUT_MS", storeTimeoutMillis, 1);
    atLeast("ENSEMBLE_WINDOW_BYTES", windowBytes, 1);
    atLeast("ENSEMBLE_MAX_BEHIND", maxBehind(), 1);
    atLeast("ENSEMBLE_STORE_CHECK_MS", storeCheckMillis, 1);
    atLeast("ENSEMBLE_SEND_QUEUE_BYTES", sendQueueBytes, 1);
    atLeast("ENSEMBLE_HEARTBEAT_SECONDS", heartbeatSeconds, 1);
    atLeast("ENSEMBLE_FORWARD_TIMEOUT_MS", forwardTimeoutMillis, 0);
    atLeast("ENSEMBLE_RATE_OPS", rateOps, 1);
    atLeast("ENSEMBLE_RATE_PRESENCE", ratePresence, 1);
    atLeast("ENSEMBLE_RATE_LANGUAGE", rateLanguage, 1);
    atLeast("ENSEMBLE_RATE_CATCHUPS", rateCatchups, 1);
    atLeast("ENSEMBLE_RATE_BYTES", rateBytes, 1);
    atLeast("ENSEMBLE_MAX_QUEUED_SUBMISSIONS", maxQueuedSubmissions, 1);
    atMost("ENSEMBLE_BATCH_LIMIT", batchLimit, MAX_BATCH_LIMIT);
    atLeast("ENSEMBLE_SHUTDOWN_SECONDS", shutdownSeconds, 0);
    atLeast("ENSEMBLE_POLL_INTERVAL_MS", pollIntervalMillis, 1);
    atLeast("ENSEMBLE_REDIS_PING_MS", redisPingMillis, 1);
    atLeast("ENSEMBLE_PRESENCE_REFRESH_SECONDS", presenceRefreshSeconds, 1);
    atLeast("ENSEMBLE_WORKER_THREADS", workerThreads, 1);
    adminToken
        .filter(t -> !t.isBlank() && t.length() < MIN_ADMIN_TOKEN_LENGTH)
        .ifPresent(
            t -> {
              throw new IllegalArgumentException(
                  "ENSEMBLE_ADMIN_TOKEN must be at least "
                      + MIN_ADMIN_TOKEN_LENGTH
                      + " characters, was "
                      + t.length());
            });
    originPolicy = OriginPolicy.of(allowedOrigins.orElse(""));
    sentinels = redisSentinels.filter(s -> !s.isBlank()).map(this::sentinels).orElse(null);
    clusterNodes = redisClusterNodes.filter(s -> !s.isBlank()).map(this::clusterNodes).orElse(null);
    if (redisTls && sentinels == null) {
      throw new IllegalArgumentException(
          "REDIS_TLS is for REDIS_SENTINELS: one Redis takes TLS from a rediss:// REDIS_URL, and a"
              + " Redis Cluster over TLS is not supported yet");
    }
    Optional<String> issuer = oidcIssuer.filter(s -> !s.isBlank());
    accessMode =
        access
            .filter(s -> !s.isBlank())
            .map(AccessMode::of)
            .orElse(issuer.isPresent() ? AccessMode.SIGNIN : AccessMode.LINKS);
    if (accessMode == AccessMode.SIGNIN) {
      signin = signinSettings(issuer);
    }
  }

  private RedisSentinels sentinels(String list) {
    if (redisUrl().isPresent()) {
      throw new IllegalArgumentException(
          "REDIS_URL and REDIS_SENTINELS are both set: REDIS_URL names one Redis, REDIS_SENTINELS"
              + " the sentinels that find the master; set one of them");
    }
    if (redisMasterName.isBlank()) {
      throw new IllegalArgumentException(
          "REDIS_SENTINELS needs the master's name in REDIS_MASTER_NAME");
    }
    return new RedisSentinels(
        RedisSentinels.parse(list),
        redisMasterName.trim(),
        credentials(redisMasterUser, redisMasterPassword),
        credentials(redisSentinelUser, redisSentinelPassword));
  }

  private RedisClusterNodes clusterNodes(String list) {
    if (redisUrl().isPresent() || sentinels != null) {
      throw new IllegalArgumentException(
          "REDIS_CLUSTER_NODES is set beside "
              + (sentinels != null ? "REDIS_SENTINELS" : "REDIS_URL")
              + ": the bus uses one Redis, the master Sentinel names, or a cluster; set one of them");
    }
    return new RedisClusterNodes(
        RedisClusterNodes.parse(list), credentials(redisClusterUser, redisClusterPassword));
  }

  private static RedisSentinels.Credentials credentials(
      Optional<String> user, Optional<String> password) {
    return new RedisSentinels.Credentials(
        user.filter(s -> !s.isBlank()), password.filter(s -> !s.isEmpty()));
  }

  private SigninSettings signinSettings(Optional<String> issuer) {
    if (issuer.isEmpty()) {
      throw new IllegalArgumentException(
          AccessMode.SETTING + "=signin needs the issuer in ENSEMBLE_OIDC_ISSUER");
    }
    Optional<String> clientId = oidcClientId.filter(s -> !s.isBlank());
    String audience =
        oidcAudience
            .filter(s -> !s.isBlank())
            .or(() -> clientId)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "signin needs ENSEMBLE_OIDC_CLIENT_ID or ENSEMBLE_OIDC_AUDIENCE: the"
                            + " audience its tokens must be for"));
    return new SigninSettings(
        issuer.get(), clientId.orElse(null), audience, oidcPersonClaim, oidcGroupsClaim);
  }

  /** A guessable admin token would let anyone stop the server's sessions. */
  static final int MIN_ADMIN_TOKEN_LENGTH = 24;

  /** The store finds a claimed batch by looking this far back; larger batches gain nothing. */
  static final int MAX_BATCH_LIMIT = 512;

  private static void atLeast(String name, long value, long least) {
    if (value < least) {
      throw new IllegalArgumentException(name + " must be at least " + least + ", was " + value);
    }
  }

  private static void atMost(String name, long value, long most) {
    if (value > most) {
      throw new IllegalArgumentException(name + " must be at most " + most + ", was " + value);
    }
  }

  /** How people reach rooms. */
  public AccessMode accessMode() {
    return accessMode;
  }

  /** Ensemble's client secret at the issuer, for the browser's sign-in; never logged. */
  public String oidcClientSecret() {
    return oidcClientSecret.orElse("");
  }

  /**
   * The address people reach Ensemble at, its context root included ({@code
   * https://example.com/ensemble}), without a trailing slash.
   */
  public String publicUrl() {
    return publicUrl.replaceAll("/+$", "");
  }

  /** The issuer and its claims, in signin mode. */
  public Optional<SigninSettings> signin() {
    return Optional.ofNullable(signin);
  }

  /** Which web pages may open rooms: the server's own and those listed. */
  public OriginPolicy allowedOrigins() {
    return originPolicy;
  }

  /** The MongoDB connection string, or empty for the embedded store. */
  public Optional<String> mongoUri() {
    return mongoUri.filter(s -> !s.isBlank());
  }

  /** The Redis URL, or empty for the in-process bus. */
  public Optional<String> redisUrl() {
    return redisUrl.filter(s -> !s.isBlank());
  }

  /** The sentinels that find the Redis master, or empty: {@code REDIS_URL} or no Redis. */
  public Optional<RedisSentinels> redisSentinels() {
    return Optional.ofNullable(sentinels);
  }

  /** Whether the sentinels, and the master and replicas they name, are reached over TLS. */
  public boolean redisSentinelTls() {
    return redisTls && sentinels != null;
  }

  /** The nodes of a Redis Cluster whose shards carry the rooms, or empty: no cluster. */
  public Optional<RedisClusterNodes> redisClusterNodes() {
    return Optional.ofNullable(clusterNodes);
  }

  /** The certificates to trust for {@code rediss://}, when not the JVM's own. */
  public Optional<TrustStore> redisTrustStore() {
    return redisTrustStore
        .filter(s -> !s.isBlank())
        .map(path -> new TrustStore(Path.of(path), redisTrustStorePassword.orElse("")));
  }

  public Path dataDir() {
    return Path.of(dataDir);
  }

  /** Names this server on the bus; by default its host and process id. */
  public String serverId() {
    return serverId
        .filter(id -> !id.isBlank())
        .orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
  }

  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  public int milestoneInterval() {
    return milestoneInterval;
  }

  /**
   * How long operations are kept before retention folds them into milestones; empty (the setting is
   * 0) keeps every operation.
   */
  public Optional<Duration> retention() {
    return retentionDays == 0 ? Optional.empty() : Optional.of(Duration.ofDays(retentionDays));
  }

  public Duration storeTimeout() {
    return Duration.ofMillis(storeTimeoutMillis);
  }

  /** How often the store is pinged, for readiness and to notice that it came back. */
  public Duration storeCheckPeriod() {
    return Duration.ofMillis(storeCheckMillis);
  }

  /** Bytes of messages queued for one slow client before it is disconnected. */
  public long sendQueueBytes() {
    return sendQueueBytes;
  }

  /** Most heap the operations a room keeps in memory may take. */
  public long windowBytes() {
    return windowBytes;
  }

  /** Most versions a submission or catch-up may be behind the head; by default the window. */
  public int maxBehind() {
    return maxBehind.orElse(windowSize);
  }

  /** How often the server pings a client it has not heard from. */
  public Duration heartbeat() {
    return Duration.ofSeconds(heartbeatSeconds);
  }

  /**
   * How long an edit forwarded to the server committing for its room waits for an answer before
   * this server commits it; zero turns forwarding off.
   */
  public Duration forwardTimeout() {
    return Duration.ofMillis(forwardTimeoutMillis);
  }

  /** What one session may send. */
  public RateLimits rates() {
    return new RateLimits(
        rateOps,
        ratePresence,
        rateLanguage,
        rateCatchups,
        rateBytes,
        maxFrameBytes,
        maxQueuedSubmissions);
  }

  /** How often rooms read the store for other servers' operations while Redis is unreachable. */
  public Duration pollInterval() {
    return Duration.ofMillis(pollIntervalMillis);
  }

  /** How often the Redis subscription is pinged; three silent intervals count as lost. */
  public Duration redisPing() {
    return Duration.ofMillis(redisPingMillis);
  }

  /** How often servers repeat their clients' presence; three missed repeats expire it. */
  public Duration presenceRefresh() {
    return Duration.ofSeconds(presenceRefreshSeconds);
  }

  /** The bearer token of the admin endpoints; none: they are off. */
  public Optional<String> adminToken() {
    return adminToken.filter(t -> !t.isBlank());
  }

  public Duration shutdownTimeout() {
    return Duration.ofSeconds(shutdownSeconds);
  }

  public int maxDocumentChars() {
    return maxDocumentChars;
  }

  public Duration roomIdle() {
    return Duration.ofSeconds(roomIdleSeconds);
  }

  public int windowSize() {
    return windowSize;
  }

  public int commitRetries() {
    return commitRetries;
  }

  /** Threads for the rooms' work; each may wait on a store round trip. */
  public int workerThreads() {
    return workerThreads;
  }

  public int batchLimit() {
    return batchLimit;
  }

  public int snapshotInterval() {
    return snapshotInterval;
  }
}
