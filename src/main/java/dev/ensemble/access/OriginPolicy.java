package dev.ensemble.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may open a room's WebSocket. A browser names the page's origin in every handshake
 * and sends the person's cookies along, so a page of another site could otherwise read and rewrite
 * rooms through that person's browser. Allowed: the server's own origin (the page was served by it,
 * directly or through a proxy that passes the {@code Host} header on), the origins listed in {@code
 * ENSEMBLE_ALLOWED_ORIGINS}, and handshakes without an {@code Origin} (programs, not pages).
 */
public final class OriginPolicy {

  public static final String SETTING = "ENSEMBLE_ALLOWED_ORIGINS";

  private final Set<Origin> listed;

  private OriginPolicy(Set<Origin> listed) {
    this.listed = listed;
  }

  /**
   * Reads the setting: origins such as {@code https://ide.example.com} separated by commas.
   *
   * @throws IllegalArgumentException naming the setting and the entry that is not an origin
   */
  public static OriginPolicy of(String setting) {
    Set<Origin> listed =
        Arrays.stream(setting.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(
                entry ->
                    Origin.parse(entry)
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    SETTING
                                        + ": '"
                                        + entry
                                        + "' is not an origin (scheme://host[:port], http or"
                                        + " https, nothing after the port)")))
            .collect(Collectors.toUnmodifiableSet());
    return new OriginPolicy(listed);
  }

  /**
   * @param origin the handshake's {@code Origin} header, null when absent
   * @param host the handshake's {@code Host} header
   */
  public boolean allows(String origin, String host) {
    if (origin == null) {
      return true;
    }
    Optional<Origin> page = Origin.parse(origin.trim());
    if (page.isEmpty()) {
      return false;
    }
    return listed.contains(page.get()) || page.get().isServedBy(host);
  }

  /** A scheme, host and port, as browsers send them; ports made explicit, names in lower case. */
  private record Origin(String scheme, String host, int port) {

    static Optional<Origin> parse(String text) {
      try {
        URI uri = new URI(text);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare =
            (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null
                && uri.getRawUserInfo() == null;
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
          return Optional.empty();
        }
        int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
        return Optional.of(new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port));
      } catch (URISyntaxException e) {
        return Optional.empty();
      }
    }

    /**
     * Whether a request with this {@code Host} header reached the server that served the page. A
     * proxy that ends TLS forwards plain HTTP, so the scheme is the page's; a {@code Host} without
     * a port means the scheme's default.
     */
    boolean isServedBy(String hostHeader) {
      if (hostHeader == null || hostHeader.isBlank()) {
        return false;
      }
      try {
        URI uri = new URI(scheme + "://" + hostHeader.trim());
        if (uri.getHost() == null) {
          return false;
        }
        int hostPort = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
        return host.equals(uri.getHost().toLowerCase(Locale.ROOT)) && port == hostPort;
      } catch (URISyntaxException e) {
        return false;
      }
    }

    private static int defaultPort(String scheme) {
      return scheme.equals("https") ? 443 : 80;
    }
  }
}
