package dev.ensemble.access;

import java.util.Set;

/** What a caller presents to a room: the key of a link or owner, or who they signed in as. */
public sealed interface Credential {

  /** A key known by its hash (see {@link Secrets}). */
  record Key(String hash) implements Credential {}

  /**
   * A signed-in person who holds a share link, known by the hash of its secret: they get the better
   * of what the room gives them and what the link gives.
   */
  record LinkHolder(Person person, String keyHash) implements Credential {}

  /** A person signed in at the issuer, with the groups it says they are in. */
  record Person(String name, Set<String> groups) implements Credential, java.io.Serializable {
    public Person {
      groups = Set.copyOf(groups);
    }
  }
}
