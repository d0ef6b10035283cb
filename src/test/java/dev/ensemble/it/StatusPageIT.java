package dev.ensemble.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ensemble.testing.Cluster;
import dev.ensemble.testing.Http;
import dev.ensemble.testing.ServerProcess;
import dev.ensemble.testing.Urls;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The status page: two servers on one store report their figures, and the page on either shows
 * both, for the admin alone.
 */
class StatusPageIT {

  private static final String TOKEN = "status-admin-token-0123456789";
  private static final Path SCREENSHOTS = Path.of("target/screenshots");

  private static Cluster cluster;

  @BeforeAll
  static void startTwoServers() {
    cluster = Cluster.start("status", 2, Map.of("ENSEMBLE_ADMIN_TOKEN", TOKEN));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyServersFiguresAreOnEachServerForTheAdminOnly() {
    URI servers = URI.create(cluster.servers.get(0).base()).resolve("admin/servers");

    assertThat(Http.get(servers).status()).isEqualTo(401);
    Http.Response wrong = Http.get(servers, "Bearer " + TOKEN + "x");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().asJsonObject().getString("code")).isEqualTo("unauthorized");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> reportingServers(servers), list -> list.size() == 2);
    assertThat(reportingServers(servers)).containsExactly("status-server1", "status-server2");
  }

  @Test
  void theStatusPageChartsTheSessionsAndOperationsOfEveryServer() {
    assumeTrue(Browser.isInstalled(), "Debian's chromium and chromium-driver are not installed");
    String room = Urls.freshRoom("status");
    ServerProcess one = cluster.servers.get(0);
    ServerProcess two = cluster.servers.get(1);
    try (Browser admin = new Browser();
        LiveClient ada = new LiveClient("ada");
        LiveClient bob = new LiveClient("bob")) {
      admin.driver.get(one.base() + "status.html");
      admin.driver.findElement(By.id("token")).sendKeys("not-the-token-0123456789");
      admin.driver.findElement(By.id("token-submit")).click();
      await().until(() -> admin.driver.findElement(By.id("status-error")).isDisplayed());
      assertThat(admin.driver.findElement(By.id("status-error")).getText())
          .isEqualTo("That is not the admin token.");

      ada.connect(Urls.room(one.url(), room));
      bob.connect(Urls.room(two.url(), room));
      await().until(() -> ada.version() >= 0 && bob.version() >= 0);
      admin.driver.findElement(By.id("token")).sendKeys(TOKEN);
      admin.driver.findElement(By.id("token-submit")).click();

      Random random = new Random(5);
      // edits keep coming until the page has seen both servers commit between two reports
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                for (int i = 0; i < 5; i++) {
                  ada.edit(random);
                  bob.edit(random);
                }
                Map<String, Row> rows = rows(admin);
                return rows.keySet().containsAll(List.of("status-server1", "status-server2"))
                    && rows.values().stream()
                        .allMatch(r -> r.sessions() >= 1 && r.opsPerSecond() > 0);
              });
      assertThat(admin.driver.findElement(By.id("token-panel")).isDisplayed()).isFalse();
      assertThat(admin.driver.findElement(By.id("status-error")).isDisplayed()).isFalse();
      assertThat(rows(admin).get("status-server1").rooms()).isEqualTo(1);
      // every chart drew a line: some of its pixels are neither empty nor the grid's grey
      for (String chart : List.of("chart-sessions", "chart-rooms", "chart-ops", "chart-latency")) {
        assertThat(colouredPixels(admin, chart)).as(chart).isPositive();
      }
      admin.screenshot(SCREENSHOTS.resolve("status-page.png"));
    }
  }

  private static List<String> reportingServers(URI servers) {
    Http.Response response = Http.get(servers, "Bearer " + TOKEN);
    assertThat(response.status()).isEqualTo(200);
    return response.json().asJsonObject().getJsonArray("servers").stream()
        .map(v -> ((JsonObject) v).getString("server"))
        .toList();
  }

  private record Row(long sessions, long rooms, double opsPerSecond) {}

  /** The table's rows, read in one script: the page replaces them at every report. */
  @SuppressWarnings("unchecked")
  private static Map<String, Row> rows(Browser browser) {
    List<List<String>> cells =
        (List<List<String>>)
            browser.script(
                "return [...document.querySelectorAll('#servers-table tbody tr')].map(row => ["
                    + "row.dataset.server,"
                    + "...['sessions', 'rooms', 'ops'].map(f =>"
                    + "  row.querySelector(`td[data-field='${f}']`).textContent)]);");
    return cells.stream()
        .collect(
            Collectors.toMap(
                row -> row.get(0),
                row ->
                    new Row(
                        Long.parseLong(row.get(1)),
                        Long.parseLong(row.get(2)),
                        row.get(3).equals("–") ? 0 : Double.parseDouble(row.get(3)))));
  }

  private static long colouredPixels(Browser browser, String canvas) {
    return ((Number)
            browser.script(
                "const c = document.getElementById(arguments[0]);"
                    + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + "let n = 0;"
                    + "for (let i = 0; i < d.length; i += 4) {"
                    + "  const [r, g, b, a] = [d[i], d[i + 1], d[i + 2], d[i + 3]];"
                    + "  if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;"
                    + "}"
                    + "return n;",
                canvas))
        .longValue();
  }
}
