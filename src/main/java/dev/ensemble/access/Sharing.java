package dev.ensemble.access;

import java.util.Map;
import java.util.Optional;

/**
 * Whom a room is shared with in signin mode, besides its owner: people and groups by name, each
 * with a role, and optionally everyone signed in with one role. Nobody, by default.
 */
public record Sharing(Map<String, Role> people, Map<String, Role> groups, Role everyone) {

  public static final Sharing PRIVATE = new Sharing(Map.of(), Map.of(), null);

  public Sharing {
    people = Map.copyOf(people);
    groups = Map.copyOf(groups);
  }

  /** The highest role this gives {@code person}. */
  Optional<Role> roleOf(Credential.Person person) {
    Role best = everyone;
    best = higher(best, people.get(person.name()));
    for (String group : person.groups()) {
      best = higher(best, groups.get(group));
    }
    return Optional.ofNullable(best);
  }

  private static Role higher(Role a, Role b) {
    if (a == null) {
      return b;
    }
    return b == null || a.includes(b) ? a : b;
  }
}
