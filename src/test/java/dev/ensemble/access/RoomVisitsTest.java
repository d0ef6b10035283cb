package dev.ensemble.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.ensemble.testing.QuietLogs;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The visits of people to rooms through links, through the real driver. */
class RoomVisitsTest {

  private static final List<Logger> QUIET = QuietLogs.ofTheStore();
  private static MongoServer server;
  private static MongoClient client;
  private static RoomVisits visits;

  @BeforeAll
  static void start() {
    server = new MongoServer(new MemoryBackend());
    client = MongoClients.create(server.bindAndGetConnectionString());
    visits = new RoomVisits(client.getDatabase("ensemble"));
  }

  @AfterAll
  static void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void aPersonsVisitsAndARoomsVisitsHaveIndexes() {
    visits.createIndexes();
    visits.createIndexes();

    List<String> names =
        client
            .getDatabase("ensemble")
            .getCollection("visits")
            .listIndexes()
            .into(new ArrayList<>())
            .stream()
            .map(index -> index.getString("name"))
            .toList();
    assertThat(names).contains("person_room", "room");
  }

  private static RoomVisits.Visit visit(String person, String room, String key) {
    return new RoomVisits.Visit(person, room, key, 1000);
  }

  @Test
  void aLaterVisitReplacesTheEarlierOneOfThatPersonToThatRoom() {
    visits.record(visit("ann", "a-room", "first"));
    visits.record(visit("ann", "a-room", "second"));
    visits.record(visit("ben", "a-room", "bens"));

    assertThat(visits.find("ann", "a-room")).contains(visit("ann", "a-room", "second"));
    assertThat(visits.find("ann", "b-room")).isEmpty();
    assertThat(visits.of("ann", null, 10)).containsExactly(visit("ann", "a-room", "second"));
  }

  @Test
  void aPersonsVisitsComeByRoomAPageAtATime() {
    for (String room : List.of("p-c", "p-a", "p-b")) {
      visits.record(visit("pia", room, "k"));
    }

    assertThat(visits.of("pia", null, 2))
        .extracting(RoomVisits.Visit::room)
        .containsExactly("p-a", "p-b");
    assertThat(visits.of("pia", "p-b", 2))
        .extracting(RoomVisits.Visit::room)
        .containsExactly("p-c");
  }

  @Test
  void aDeletedRoomIsForgottenByEveryone() {
    visits.record(visit("kim", "gone", "k"));
    visits.record(visit("lou", "gone", "k"));
    visits.record(visit("kim", "kept", "k"));

    visits.forgetRoom("gone");

    assertThat(visits.find("kim", "gone")).isEmpty();
    assertThat(visits.find("lou", "gone")).isEmpty();
    assertThat(visits.find("kim", "kept")).isPresent();
  }
}
