package dev.ensemble.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  private final OriginPolicy sameOriginOnly = OriginPolicy.of("");

  @Test
  void aPageOfTheServerItselfMayOpenRooms() {
    assertThat(sameOriginOnly.allows("http://localhost:9080", "localhost:9080")).isTrue();
    assertThat(sameOriginOnly.allows("https://ide.example.com", "ide.example.com")).isTrue();
    assertThat(sameOriginOnly.allows("https://IDE.Example.com", "ide.example.COM:443")).isTrue();
    assertThat(sameOriginOnly.allows("http://[::1]:9080", "[::1]:9080")).isTrue();
  }

  @Test
  void aPageOfAnotherSiteMayNot() {
    assertThat(sameOriginOnly.allows("http://evil.example", "localhost:9080")).isFalse();
    assertThat(sameOriginOnly.allows("http://localhost:9081", "localhost:9080")).isFalse();
    assertThat(sameOriginOnly.allows("http://ide.example.com.evil.example", "ide.example.com"))
        .isFalse();
    // behind a proxy that drops the port from Host, the page's port must be the default
    assertThat(sameOriginOnly.allows("http://localhost:8080", "localhost")).isFalse();
  }

  @Test
  void originsThatAreNoPageOfAWebSiteAreRefused() {
    for (String origin :
        new String[] {
          "null", "", "file://", "chrome-extension://abc", "http://", "not an origin", "ws://x:1"
        }) {
      assertThat(sameOriginOnly.allows(origin, "x:1")).as(origin).isFalse();
    }
    assertThat(sameOriginOnly.allows("http://localhost:9080", null)).isFalse();
    assertThat(sameOriginOnly.allows("http://localhost:9080", "")).isFalse();
  }

  @Test
  void aHandshakeWithoutOriginComesFromAProgramAndIsLetThrough() {
    assertThat(sameOriginOnly.allows(null, "localhost:9080")).isTrue();
  }

  @Test
  void listedOriginsMayOpenRoomsWhereverThePageIsServed() {
    OriginPolicy policy = OriginPolicy.of(" https://ide.example.com , http://localhost:3000");
    assertThat(policy.allows("https://ide.example.com", "ensemble.internal:9080")).isTrue();
    assertThat(policy.allows("https://ide.example.com:443", "ensemble.internal:9080")).isTrue();
    assertThat(policy.allows("http://localhost:3000", "localhost:9080")).isTrue();
    assertThat(policy.allows("http://ide.example.com", "ensemble.internal:9080")).isFalse();
    assertThat(policy.allows("http://localhost:3001", "localhost:9080")).isFalse();
  }

  @Test
  void aSettingThatListsSomethingOtherThanOriginsIsRefusedNamingTheEntry() {
    for (String entry :
        new String[] {"ide.example.com", "https://ide.example.com/path", "ftp://x", "*"}) {
      assertThatThrownBy(() -> OriginPolicy.of("https://ok.example," + entry))
          .as(entry)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(OriginPolicy.SETTING)
          .hasMessageContaining(entry);
    }
  }
}
