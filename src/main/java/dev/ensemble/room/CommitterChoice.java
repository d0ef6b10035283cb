package dev.ensemble.room;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which of the servers seen committing for a room commits for it: the one that ranks highest for
 * that room (rendezvous hashing). Every server that has seen the same committers picks the same
 * one, and different rooms pick different servers, so that a deployment whose rooms all have
 * clients on every server spreads their commits over the servers rather than sending them all to
 * one; a server that goes away hands on only its own rooms.
 */
final class CommitterChoice {

  private CommitterChoice() {}

  static Optional<String> among(String room, Collection<String> servers) {
    Comparator<String> byRank = Comparator.comparingLong(server -> rank(room, server));
    return servers.stream().max(byRank.thenComparing(Comparator.reverseOrder()));
  }

  /** A well-mixed number for the pair: String hash codes alone are close for similar names. */
  static long rank(String room, String server) {
    long z = ((long) room.hashCode() << 32) ^ (server.hashCode() & 0xffffffffL);
    z += 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
