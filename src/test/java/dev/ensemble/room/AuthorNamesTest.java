package dev.ensemble.room;

import static dev.ensemble.room.TestServers.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ensemble.store.MemoryStore;
import dev.ensemble.wire.ClientMessages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The history keeps sources; the names people give themselves are kept beside them, per room. */
class AuthorNamesTest {

  private final MemoryStore store = new MemoryStore();
  private final TestServers servers = new TestServers();

  @AfterEach
  void close() {
    servers.close();
    store.close();
  }

  private static void call(RoomManager server, RecordingPeer peer, String name) {
    server.handle(
        "named",
        peer,
        ClientMessages.decode(
            "{\"type\":\"presence\",\"name\":\""
                + name
                + "\",\"color\":\"\",\"v\":0,\"selections\":[[0,0]]}"));
  }

  private Map<String, String> names() {
    return store.store().authorNames("named", List.of("alice", "bob"));
  }

  @Test
  void theNameAPersonLastGaveThemselvesInTheRoomIsKeptForItsHistory() {
    RoomManager server = servers.start("one", store.store());
    RecordingPeer alice = join(server, "named", "alice");
    RecordingPeer bob = join(server, "named", "bob");

    call(server, alice, "Alice");
    await().until(() -> names().equals(Map.of("alice", "Alice")));
    call(server, alice, "Alice Liddell");
    call(server, bob, "");

    await().until(() -> names().equals(Map.of("alice", "Alice Liddell")));
    store.store().deleteRoom("named");
    assertThat(names()).isEmpty();
  }
}
