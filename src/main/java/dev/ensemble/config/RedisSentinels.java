package dev.ensemble.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Redis master that Sentinel watches: the sentinels to ask where it is, the name they know it by,
 * and the credentials for each. Its text form never shows a password, so that it can be logged.
 *
 * @param sentinels the sentinels, in the order given
 * @param masterName the name the sentinels monitor the master under
 * @param master user and password of the master and its replicas
 * @param sentinel user and password of the sentinels
 */
public record RedisSentinels(
    List<Address> sentinels, String masterName, Credentials master, Credentials sentinel) {

  /** The setting that lists the sentinels; its errors start with this name. */
  static final String SETTING = "REDIS_SENTINELS";

  /** One sentinel. */
  public record Address(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /** A user (empty: the default user) and a password (empty: none). */
  public record Credentials(Optional<String> user, Optional<String> password) {
    @Override
    public String toString() {
      return "user " + user.orElse("default") + (password.isPresent() ? " with a password" : "");
    }
  }

  /**
   * The sentinels of a comma-separated {@code host:port} list ({@code [::1]:26379} for IPv6).
   *
   * @throws IllegalArgumentException naming the setting and the entry that is not {@code host:port}
   */
  static List<Address> parse(String list) {
    return parse(SETTING, list, "redis1:26379,redis2:26379");
  }

  /**
   * The addresses of a comma-separated {@code host:port} list in the setting {@code name}.
   *
   * @param example a list to show in the message about an entry that is not {@code host:port}
   */
  static List<Address> parse(String name, String list, String example) {
    List<Address> addresses = new ArrayList<>();
    for (String entry : list.split(",", -1)) {
      addresses.add(address(name, entry.trim(), example));
    }
    return List.copyOf(addresses);
  }

  private static Address address(String name, String entry, String example) {
    int colon = entry.lastIndexOf(':');
    String host = colon > 0 ? entry.substring(0, colon) : "";
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = colon > 0 ? port(entry.substring(colon + 1)) : -1;
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace) || port < 1) {
      throw new IllegalArgumentException(
          name + ": '" + entry + "' is not host:port (a list like " + example + ")");
    }
    return new Address(host, port);
  }

  /** The port, or -1 if the text is not one. */
  private static int port(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    int port = Integer.parseInt(text);
    return port <= 65535 ? port : -1;
  }
}
