package dev.ensemble.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ensemble.wire.WireException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer tokens against a real OpenID Connect provider's discovery document and keys. */
class JwtValidatorTest {

  private static MockOAuth2Server issuer;
  private static JwtValidator validator;
  private static String issuerUrl;

  @BeforeAll
  static void start() throws Exception {
    issuer = new MockOAuth2Server();
    issuer.start(InetAddress.getLoopbackAddress(), 0);
    issuerUrl = issuer.issuerUrl("default").toString();
    validator =
        new JwtValidator(
            new SigninSettings(issuerUrl, "ensemble", "ensemble", "preferred_username", "groups"),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    issuer.shutdown();
  }

  private static String token(String issuerId, String audience, long expiresIn) {
    return issuer
        .issueToken(
            issuerId,
            "subject-1",
            audience,
            Map.of("preferred_username", "bob", "groups", List.of("readers", "writers")),
            expiresIn)
        .serialize();
  }

  @Test
  void aGoodTokenNamesThePersonAndTheirGroups() {
    assertThat(validator.validate(token("default", "ensemble", 3600)))
        .isEqualTo(new Credential.Person("bob", Set.of("readers", "writers")));
  }

  @Test
  void eachBadTokenIsRefusedWithItsOwnCode() throws Exception {
    String good = token("default", "ensemble", 3600);
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("missing", null);
    cases.put("not a JWT", "not.a.jwt");
    cases.put("another issuer", token("other", "ensemble", 3600));
    cases.put("expired", token("default", "ensemble", -300));
    cases.put("another audience", token("default", "someone-else", 3600));
    cases.put("tampered", tamper(good));
    cases.put("signed by another key", signedByAnotherKey(issuerUrl));

    Map<String, String> codes = new LinkedHashMap<>();
    cases.forEach((name, token) -> codes.put(name, code(token)));
    assertThat(codes)
        .containsExactly(
            Map.entry("missing", "unauthorized"),
            Map.entry("not a JWT", "token-malformed"),
            Map.entry("another issuer", "token-issuer"),
            Map.entry("expired", "token-expired"),
            Map.entry("another audience", "token-audience"),
            Map.entry("tampered", "token-signature"),
            Map.entry("signed by another key", "token-signature"));
  }

  @Test
  void anIssuerWhoseKeysCannotBeFetchedIsNotABadToken() throws Exception {
    String gone = "http://127.0.0.1:9/gone";
    JwtValidator nowhere =
        new JwtValidator(
            new SigninSettings(gone, "ensemble", "ensemble", "preferred_username", "groups"),
            Clock.systemUTC());
    assertThatThrownBy(() -> nowhere.validate(signedByAnotherKey(gone)))
        .isInstanceOf(KeysUnavailableException.class)
        .hasMessageContaining(gone);
  }

  private static String code(String token) {
    try {
      validator.validate(token);
      return "accepted";
    } catch (WireException e) {
      return e.code();
    }
  }

  /** The token with one character of its signature changed. */
  private static String tamper(String token) {
    int at = token.lastIndexOf('.') + 10;
    char changed = token.charAt(at) == 'A' ? 'B' : 'A';
    return token.substring(0, at) + changed + token.substring(at + 1);
  }

  /** A token for {@code iss} and our audience, signed with a key the issuer never published. */
  private static String signedByAnotherKey(String iss) throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("stranger").generate();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").build(),
            new JWTClaimsSet.Builder()
                .issuer(iss)
                .audience("ensemble")
                .subject("mallory")
                .expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
