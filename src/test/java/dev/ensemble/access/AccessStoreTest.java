package dev.ensemble.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.ensemble.store.Durability;
import dev.ensemble.store.RoomExistsException;
import dev.ensemble.testing.QuietLogs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The access store through the real driver against the MongoDB-wire store. */
class AccessStoreTest {

  private static final List<Logger> QUIET = QuietLogs.ofTheStore();
  private static MongoServer server;
  private static MongoClient client;
  private static AccessStore store;

  @BeforeAll
  static void start() {
    server = new MongoServer(new MemoryBackend());
    client = MongoClients.create(server.bindAndGetConnectionString());
    store = new AccessStore(client.getDatabase("ensemble"), Durability.BY_WRITE_CONCERN);
  }

  @Test
  void theLookupsByKeyPersonAndGroupHaveIndexes() {
    store.createIndexes();
    store.createIndexes(); // again, as every server does at its start

    List<String> names =
        client
            .getDatabase("ensemble")
            .getCollection("access")
            .listIndexes()
            .into(new ArrayList<>())
            .stream()
            .map(index -> index.getString("name"))
            .toList();
    assertThat(names).contains("owner_key", "link_hash", "owner", "people", "groups");
  }

  @AfterAll
  static void stop() {
    client.close();
    server.shutdownNow();
  }

  private static RoomAccess room(String id, ShareLink... links) {
    return new RoomAccess(id, Secrets.hash(id + "-owner"), List.of(links), 42, 0);
  }

  private static ShareLink link(String id, Role role, Long expires) {
    return new ShareLink(id, role, Secrets.hash(id + "-secret"), 7, expires);
  }

  @Test
  void aRoomsAccessReadsBackAsItWasWritten() {
    RoomAccess written = room("kept", link("a", Role.EDITOR, null), link("b", Role.VIEWER, 99L));
    store.create(written);
    assertThat(store.find("kept")).contains(written);
    assertThat(store.find("absent")).isEmpty();
  }

  @Test
  void archivingARoomIsKeptCountedAsAChangeAndHarmlessTwice() {
    store.create(room("shelved", link("a", Role.EDITOR, null)));
    assertThat(store.find("shelved").orElseThrow().archived()).isFalse();

    assertThat(store.setArchived("shelved", true)).isTrue();
    assertThat(store.setArchived("shelved", true)).isTrue();
    RoomAccess archived = store.find("shelved").orElseThrow();
    assertThat(archived.archived()).isTrue();
    assertThat(archived.revision()).isEqualTo(2);
    assertThat(archived.links()).hasSize(1);

    assertThat(store.setArchived("shelved", false)).isTrue();
    assertThat(store.find("shelved").orElseThrow().archived()).isFalse();
    assertThat(store.setArchived("nowhere", true)).isFalse();
    assertThat(store.find("nowhere")).isEmpty();
  }

  @Test
  void aRoomGetsItsAccessOnce() {
    store.create(room("once"));
    assertThatThrownBy(() -> store.create(room("once"))).isInstanceOf(RoomExistsException.class);
  }

  @Test
  void linksAreAddedChangedAndRemovedEachBumpingTheRevision() {
    store.create(room("links", link("a", Role.EDITOR, null)));
    assertThat(store.addLink("links", link("b", Role.EDITOR, 5L))).isTrue();
    assertThat(store.setLinkRole("links", "b", Role.VIEWER)).isTrue();
    assertThat(store.removeLink("links", "a")).isTrue();

    RoomAccess now = store.find("links").orElseThrow();
    assertThat(now.links()).containsExactly(link("b", Role.VIEWER, 5L));
    assertThat(now.revision()).isEqualTo(3);
  }

  @Test
  void changesToLinksOrRoomsThatDoNotExistChangeNothing() {
    store.create(room("few", link("a", Role.EDITOR, null)));
    assertThat(store.removeLink("few", "zz")).isFalse();
    assertThat(store.setLinkRole("few", "zz", Role.VIEWER)).isFalse();
    assertThat(store.addLink("nowhere", link("c", Role.EDITOR, null))).isFalse();
    assertThat(store.find("few").orElseThrow().revision()).isZero();
    assertThat(store.find("nowhere")).isEmpty();
  }

  @Test
  void aKeyFindsItsRoomByItsHash() {
    store.create(room("found", link("f", Role.VIEWER, null)));
    assertThat(store.findByKeyHash(Secrets.hash("f-secret")).map(RoomAccess::room))
        .contains("found");
    assertThat(store.findByKeyHash(Secrets.hash("found-owner")).map(RoomAccess::room))
        .contains("found");
    assertThat(store.findByKeyHash(Secrets.hash("nothing"))).isEmpty();
  }

  @Test
  void aPersonsRoomKeepsItsOwnerAndSharingAndListsForWhomItOpens() {
    store.create(RoomAccess.ownedBy("s-alice", "alice", 1));
    store.create(RoomAccess.ownedBy("s-bob", "bob", 1));
    store.create(RoomAccess.ownedBy("s-team", "bob", 1));
    store.create(RoomAccess.ownedBy("s-all", "bob", 1));
    Sharing team = new Sharing(Map.of("carol", Role.EDITOR), Map.of("team", Role.VIEWER), null);
    assertThat(store.setSharing("s-team", team)).isTrue();
    assertThat(store.setSharing("s-all", new Sharing(Map.of(), Map.of(), Role.VIEWER))).isTrue();
    assertThat(store.setSharing("s-none", team)).isFalse();

    RoomAccess read = store.find("s-team").orElseThrow();
    assertThat(read.owner()).isEqualTo("bob");
    assertThat(read.sharing()).isEqualTo(team);
    assertThat(read.revision()).isEqualTo(1);

    assertThat(rooms("alice")).containsExactly("s-alice", "s-all");
    assertThat(rooms("carol")).containsExactly("s-all", "s-team");
    assertThat(rooms("dave", "team")).containsExactly("s-all", "s-team");
    assertThat(store.findOpenableBy(new Credential.Person("bob", Set.of()), "s-all", 2))
        .extracting(RoomAccess::room)
        .containsExactly("s-bob", "s-team");
  }

  private static List<String> rooms(String person, String... groups) {
    return store.findOpenableBy(new Credential.Person(person, Set.of(groups)), "s-", 100).stream()
        .map(RoomAccess::room)
        .filter(r -> r.startsWith("s-"))
        .toList();
  }
}
