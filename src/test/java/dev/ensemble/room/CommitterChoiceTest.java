package dev.ensemble.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rooms whose clients are on every server leave their commits to different servers. */
class CommitterChoiceTest {

  private static final List<String> SERVERS = List.of("12345@host-a", "12346@host-a", "777@host-b");

  @Test
  void roomsAreSpreadOverTheServersSeenCommitting() {
    Map<String, Integer> rooms = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      rooms.merge(CommitterChoice.among("room-" + i, SERVERS).orElseThrow(), 1, Integer::sum);
    }
    assertThat(rooms).containsOnlyKeys(SERVERS);
    assertThat(rooms.values()).allSatisfy(n -> assertThat(n).isBetween(70, 130));
  }

  @Test
  void everyServerPicksTheSameWhateverTheOrderItSawThemIn() {
    Random random = new Random(7);
    for (int i = 0; i < 100; i++) {
      String room = "r" + random.nextInt(1_000_000);
      List<String> shuffled = new ArrayList<>(SERVERS);
      Collections.shuffle(shuffled, random);
      assertThat(CommitterChoice.among(room, shuffled))
          .isEqualTo(CommitterChoice.among(room, SERVERS));
    }
  }

  @Test
  void aServerThatGoesAwayHandsOnOnlyItsOwnRooms() {
    for (int i = 0; i < 300; i++) {
      String room = "room-" + i;
      String before = CommitterChoice.among(room, SERVERS).orElseThrow();
      String after = CommitterChoice.among(room, SERVERS.subList(0, 2)).orElseThrow();
      if (!before.equals(SERVERS.get(2))) {
        assertThat(after).isEqualTo(before);
      }
    }
  }

  @Test
  void noServerSeenCommittingMeansNone() {
    assertThat(CommitterChoice.among("room", List.of())).isEmpty();
  }
}
