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
}
