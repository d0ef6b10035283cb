package dev.ensemble.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SigninServletTest {

  @Test
  void aPathOfTheApplicationIsWhereTheBrowserGoesOnTo() {
    for (String to :
        new String[] {"/", "/r/quiet-otter-4821", "/api/rooms", "/api/rooms?limit=1"}) {
      assertThat(SigninServlet.destination(to)).as(to).isEqualTo(to);
    }
  }

  @Test
  void anythingElseGoesToTheStartPage() {
    for (String to :
        new String[] {
          null,
          "",
          "r/room",
          "https://evil.example/",
          "//evil.example/",
          "/\\evil.example",
          "/..",
          "/../other-app/",
          "/r/../../other-app",
          "/./r/room",
          "/%2e%2e/other-app",
          "/%2E./other-app",
          "/r/%2e%2e%2f%2e%2e/other-app",
          "/r/room\nLocation: https://evil.example/"
        }) {
      assertThat(SigninServlet.destination(to)).as(String.valueOf(to)).isEqualTo("/");
    }
  }

  @Test
  void theDestinationIsReadFromTheQueryString() {
    assertThat(SigninServlet.parameter("to=%2Fr%2Froom", "to")).isEqualTo("/r/room");
    assertThat(SigninServlet.parameter("a=1&to=/api/rooms?limit%3D1", "to"))
        .isEqualTo("/api/rooms?limit=1");
    assertThat(SigninServlet.parameter("to", "to")).isEmpty();
    assertThat(SigninServlet.parameter("too=/x", "to")).isNull();
    assertThat(SigninServlet.parameter(null, "to")).isNull();
    assertThat(SigninServlet.parameter("to=%E0%A4%A", "to")).isNull();
  }
}
