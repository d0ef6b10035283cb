package dev.ensemble.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No page, script or style sheet names an address from the server's root: the WAR must work under
 * any context root, so they all start from the application's root (js/paths.js, or addresses
 * relative to the page). The integration tests deploy at /ensemble; this finds a regression without
 * them, and in pages they do not open.
 */
class RelativeAddressesTest {

  private static final Path WEBAPP = Path.of("src/main/webapp");

  /** The application's own top-level addresses, quoted as a path from the server's root. */
  private static final String APP_PATHS =
      "(?:api|ws|r|css|js|monaco|signin|signout|callback|index\\.html|room\\.html)\\b";

  private static final Pattern HTML_COMMENT = Pattern.compile("(?s)<!--.*?-->");

  private static final List<Pattern> ROOT_ABSOLUTE =
      List.of(
          // href="/…", src='/…': from the server's root, or another host's (//)
          Pattern.compile("\\b(?:href|src|action|formaction)\\s*=\\s*[\"']?/"),
          // url(/…) in style sheets
          Pattern.compile("url\\(\\s*[\"']?/"),
          // '/api/…', "/ws/…", `/r/${id}`, and the server's root itself, '/'
          Pattern.compile("[\"'`]/(?:" + APP_PATHS + "|[\"'`?#])"),
          // `${location.origin}/r/…`, location.host + '/ws/…'
          Pattern.compile("location\\.(?:origin|host)(?:\\}|\\s*\\+\\s*[\"'`])/"));

  @Test
  void noPageOrScriptNamesAnAddressFromTheServersRoot() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(WEBAPP)) {
      files = walk.filter(f -> f.toString().matches(".*\\.(html|js|css)$")).sorted().toList();
    }
    assertThat(files).extracting(Path::toString).contains(WEBAPP.resolve("js/room.js").toString());
    List<String> found = new ArrayList<>();
    for (Path file : files) {
      String[] lines = withoutHtmlComments(Files.readString(file)).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        for (String address : rootAbsolute(lines[i])) {
          found.add(file + ":" + (i + 1) + ": " + address);
        }
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  void theCheckFindsWhatItLooksFor() {
    for (String line :
        new String[] {
          "<link rel=\"stylesheet\" href=\"/css/ensemble.css\" />",
          "<script src='/monaco/vs/loader.js'></script>",
          "<a class=\"brand\" href=\"/\">Ensemble</a>",
          "<a href=\"//evil.example/\">",
          "  const response = await fetch('/api/access', { cache: 'no-store' });",
          "  return `/signin?to=${encodeURIComponent(path)}`;",
          "  const path = `${location.origin}/r/${encodeURIComponent(roomId)}`;",
          "  new WebSocket(`${scheme}://${location.host}/ws/rooms/${id}`);",
          "  location.assign(location.origin + '/r/' + id);",
          "  location.assign('/');",
          "  amdRequire.config({ paths: { vs: new URL('/monaco/vs', location.href).href } });",
          "  background: url(/css/x.png);"
        }) {
      assertThat(rootAbsolute(line)).as(line).isNotEmpty();
    }
    for (String line :
        new String[] {
          "<link rel=\"stylesheet\" href=\"../css/ensemble.css\" />",
          "<a class=\"brand\" href=\"./\">Ensemble</a>",
          "  const { links } = await this.#call('/access');",
          "  this.#path = `rooms/${encodeURIComponent(roomId)}`;",
          "  const match = /^\\/r\\/([^/]+)$/.exec(appPath(url) ?? '');",
          "// the room page, /r/{roomId}, of the application",
          " * The path of `url` inside the application: `/` for the start page, `/r/{id}` for a room"
        }) {
      assertThat(rootAbsolute(line)).as(line).isEmpty();
    }
  }

  /** The text with its HTML comments blanked out, keeping its line breaks for line numbers. */
  private static String withoutHtmlComments(String text) {
    return HTML_COMMENT.matcher(text).replaceAll(m -> m.group().replaceAll("[^\n]", ""));
  }

  /** What {@code line} names from the server's root, leaving out lines of script comments. */
  private static List<String> rootAbsolute(String line) {
    String code = line.strip();
    if (code.startsWith("//") || code.startsWith("*") || code.startsWith("/*")) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    for (Pattern pattern : ROOT_ABSOLUTE) {
      Matcher matcher = pattern.matcher(code);
      while (matcher.find()) {
        found.add(matcher.group());
      }
    }
    return found;
  }
}
