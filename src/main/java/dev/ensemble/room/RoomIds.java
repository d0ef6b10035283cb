package dev.ensemble.room;

import java.security.SecureRandom;
import java.util.List;

/** Random room ids that people can read aloud, like {@code quiet-otter-4821}. */
final class RoomIds {

  private static final List<String> ADJECTIVES =
      List.of(
          "amber", "brave", "calm", "clever", "bright", "eager", "gentle", "happy", "jolly", "keen",
          "lucky", "mellow", "nimble", "proud", "quiet", "rapid", "silver", "sunny", "swift",
          "witty");
  private static final List<String> NOUNS =
      List.of(
          "badger", "comet", "falcon", "fox", "harbor", "heron", "island", "lynx", "maple",
          "meadow", "orca", "otter", "panda", "pine", "raven", "river", "robin", "tiger", "valley",
          "willow");
  private static final SecureRandom RANDOM = new SecureRandom();

  private RoomIds() {}

  static String random() {
    return ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size()))
        + "-"
        + NOUNS.get(RANDOM.nextInt(NOUNS.size()))
        + "-"
        + (1000 + RANDOM.nextInt(9000));
  }
}
