package dev.ensemble.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.WireException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomAccessTest {

  private static final long NOW = 1_000_000L;

  private final String ownerKey = Secrets.generate();
  private final String editSecret = Secrets.generate();
  private final String viewSecret = Secrets.generate();
  private final String expiredSecret = Secrets.generate();
  private final RoomAccess access =
      new RoomAccess(
          "room",
          Secrets.hash(ownerKey),
          List.of(
              new ShareLink("e", Role.EDITOR, Secrets.hash(editSecret), 0, null),
              new ShareLink("v", Role.VIEWER, Secrets.hash(viewSecret), 0, NOW + 1),
              new ShareLink("x", Role.EDITOR, Secrets.hash(expiredSecret), 0, NOW)),
          0,
          3);

  @Test
  void eachKeyGivesTheRoleOfWhatItOpens() {
    assertThat(access.grantFor(ownerKey, NOW)).contains(new Grant(Role.OWNER, "owner-key", null));
    assertThat(access.grantFor(editSecret, NOW)).contains(new Grant(Role.EDITOR, "e", null));
    assertThat(access.grantFor(viewSecret, NOW)).contains(new Grant(Role.VIEWER, "v", NOW + 1));
  }

  @Test
  void anExpiredLinkAnotherRoomsKeyAndNoKeyGiveNothing() {
    assertThat(access.grantFor(expiredSecret, NOW)).isEmpty();
    assertThat(access.grantFor(Secrets.generate(), NOW)).isEmpty();
    assertThat(access.grantFor((String) null, NOW)).isEmpty();
    assertThat(access.grantFor("", NOW)).isEmpty();
  }

  @Test
  void aGrantFromALinkEndsWhenTheLinkExpires() {
    Grant view = access.grantFor(viewSecret, NOW).orElseThrow();
    assertThat(view.hasExpired(NOW)).isFalse();
    assertThat(view.hasExpired(NOW + 1)).isTrue();
  }

  @Test
  void aSignedInPersonWithALinkGetsTheBetterOfTheirOwnRoleAndTheLinks() {
    RoomAccess shared =
        new RoomAccess(
            "room",
            null,
            access.links(),
            0,
            1,
            "alice",
            new Sharing(Map.of("bob", Role.VIEWER), Map.of(), null));
    Credential.Person bob = new Credential.Person("bob", Set.of());
    Credential.Person alice = new Credential.Person("alice", Set.of());
    Credential.Person dave = new Credential.Person("dave", Set.of());

    assertThat(shared.grantFor(new Credential.LinkHolder(bob, Secrets.hash(editSecret)), NOW))
        .map(Grant::role)
        .contains(Role.EDITOR);
    assertThat(shared.grantFor(new Credential.LinkHolder(alice, Secrets.hash(viewSecret)), NOW))
        .contains(new Grant(Role.OWNER, "alice", null));
    assertThat(shared.grantFor(new Credential.LinkHolder(dave, Secrets.hash(viewSecret)), NOW))
        .contains(new Grant(Role.VIEWER, "dave through link v", NOW + 1));
    assertThat(shared.grantFor(new Credential.LinkHolder(dave, Secrets.hash(expiredSecret)), NOW))
        .isEmpty();
    assertThat(shared.grantFor(new Credential.LinkHolder(bob, Secrets.hash(expiredSecret)), NOW))
        .contains(new Grant(Role.VIEWER, "bob", null));
  }

  @Test
  void rolesIncludeTheOnesBelowThem() {
    assertThat(Role.OWNER.includes(Role.EDITOR)).isTrue();
    assertThat(Role.EDITOR.includes(Role.VIEWER)).isTrue();
    assertThat(Role.VIEWER.includes(Role.EDITOR)).isFalse();
    assertThat(Role.EDITOR.includes(Role.OWNER)).isFalse();
  }

  @Test
  void aLinkCarriesOnlyEditorOrViewer() {
    assertThat(Role.grantable("viewer")).isEqualTo(Role.VIEWER);
    for (String bad : new String[] {"owner", "Editor", "", "admin"}) {
      assertThatThrownBy(() -> Role.grantable(bad))
          .isInstanceOfSatisfying(
              WireException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.BAD_PARAMETER));
    }
  }

  @Test
  void secretsHaveAtLeast128RandomBitsAndTheStoreKeepsOnlyTheirHash() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String secret = Secrets.generate();
      assertThat(Base64.getUrlDecoder().decode(secret)).hasSizeGreaterThanOrEqualTo(16);
      assertThat(secret).matches("[A-Za-z0-9_-]+");
      assertThat(Secrets.hash(secret)).doesNotContain(secret).hasSize(64);
      assertThat(seen.add(secret)).isTrue();
    }
  }

  @Test
  void theModeSettingTakesLinksOrOpenAndNamesItselfOtherwise() {
    assertThat(AccessMode.of("links")).isEqualTo(AccessMode.LINKS);
    assertThat(AccessMode.of(" OPEN ")).isEqualTo(AccessMode.OPEN);
    assertThatThrownBy(() -> AccessMode.of("public"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ENSEMBLE_ACCESS");
  }

  @Test
  void aPersonGetsTheHighestRoleTheirNameTheirGroupsOrEveryoneGives() {
    RoomAccess shared =
        new RoomAccess(
            "room",
            null,
            List.of(),
            0,
            0,
            "alice",
            new Sharing(
                Map.of("bob", Role.EDITOR, "carol", Role.VIEWER),
                Map.of("readers", Role.VIEWER, "writers", Role.EDITOR),
                null));
    assertThat(role(shared, "alice")).contains(Role.OWNER);
    assertThat(role(shared, "bob")).contains(Role.EDITOR);
    assertThat(role(shared, "carol")).contains(Role.VIEWER);
    assertThat(role(shared, "carol", "writers")).contains(Role.EDITOR);
    assertThat(role(shared, "dave", "readers")).contains(Role.VIEWER);
    assertThat(role(shared, "dave")).isEmpty();

    RoomAccess everyone =
        new RoomAccess(
            "room", null, List.of(), 0, 0, "alice", new Sharing(Map.of(), Map.of(), Role.VIEWER));
    assertThat(role(everyone, "dave")).contains(Role.VIEWER);
  }

  @Test
  void aRoomOfLinksOpensToNoPersonAndAPersonsRoomToNoKey() {
    assertThat(access.grantFor(new Credential.Person("room", Set.of()), NOW)).isEmpty();
    RoomAccess owned = RoomAccess.ownedBy("room", "alice", 0);
    assertThat(owned.grantFor(new Credential.Key(Secrets.hash("alice")), NOW)).isEmpty();
  }

  private static java.util.Optional<Role> role(RoomAccess access, String name, String... groups) {
    return access.grantFor(new Credential.Person(name, Set.of(groups)), NOW).map(Grant::role);
  }
}
