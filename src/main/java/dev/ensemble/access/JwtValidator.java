package dev.ensemble.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.ensemble.wire.ErrorCodes;
import dev.ensemble.wire.WireException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the bearer JWTs of programs against the issuer's keys, found through its discovery
 * document and cached (a key id it does not know makes it fetch them again). The checks run in a
 * fixed order so that each failure has its code: {@code token-malformed}, {@code token-issuer},
 * {@code token-signature}, {@code token-expired} (also not yet valid), {@code token-audience}.
 */
public final class JwtValidator {

  /** Clocks of the issuer and this server may differ this much. */
  static final Duration SKEW = Duration.ofSeconds(60);

  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.ES256);

  /** Connecting to the issuer and reading its keys; the library's default is half a second. */
  private static final int TIMEOUT_MS = 5000;

  private static final int SIZE_LIMIT = 512 * 1024;

  private final SigninSettings settings;
  private final Clock clock;
  private volatile DefaultJWTProcessor<SecurityContext> processor;

  public JwtValidator(SigninSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * The person a token names.
   *
   * @throws WireException with one of the token codes, or {@code unauthorized} without a token
   * @throws KeysUnavailableException when the issuer's keys cannot be fetched
   */
  public Credential.Person validate(String token) {
    if (token == null || token.isEmpty()) {
      throw new WireException(ErrorCodes.UNAUTHORIZED, "sign in, or send a bearer token");
    }
    SignedJWT jwt;
    JWTClaimsSet unverified;
    try {
      jwt = SignedJWT.parse(token);
      unverified = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw refused(ErrorCodes.TOKEN_MALFORMED, "the bearer token is not a signed JWT");
    }
    if (!settings.issuer().equals(unverified.getIssuer())) {
      throw refused(
          ErrorCodes.TOKEN_ISSUER,
          "the token is from " + unverified.getIssuer() + ", not from " + settings.issuer());
    }
    JWTClaimsSet claims;
    try {
      claims = processor().process(jwt, null);
    } catch (BadJOSEException e) {
      throw refused(ErrorCodes.TOKEN_SIGNATURE, "the token's signature does not verify");
    } catch (JOSEException e) {
      throw new KeysUnavailableException(
          "the keys of " + settings.issuer() + " cannot be fetched: " + e.getMessage(), e);
    }
    long now = clock.millis();
    if (claims.getExpirationTime() == null
        || claims.getExpirationTime().getTime() + SKEW.toMillis() < now) {
      throw refused(ErrorCodes.TOKEN_EXPIRED, "the token expired at " + claims.getExpirationTime());
    }
    if (claims.getNotBeforeTime() != null
        && claims.getNotBeforeTime().getTime() - SKEW.toMillis() > now) {
      throw refused(
          ErrorCodes.TOKEN_EXPIRED, "the token is valid only from " + claims.getNotBeforeTime());
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(settings.audience())) {
      throw refused(
          ErrorCodes.TOKEN_AUDIENCE,
          "the token is for " + claims.getAudience() + ", not for " + settings.audience());
    }
    return new Credential.Person(person(claims), groups(claims));
  }

  private String person(JWTClaimsSet claims) {
    Object name = claims.getClaim(settings.personClaim());
    if (name instanceof String s && !s.isBlank()) {
      return s;
    }
    if (claims.getSubject() == null) {
      throw refused(
          ErrorCodes.TOKEN_MALFORMED, "the token names nobody: no " + settings.personClaim());
    }
    return claims.getSubject();
  }

  private Set<String> groups(JWTClaimsSet claims) {
    Object value = claims.getClaim(settings.groupsClaim());
    Set<String> groups = new LinkedHashSet<>();
    if (value instanceof List<?> list) {
      list.forEach(g -> groups.add(String.valueOf(g)));
    } else if (value instanceof String s) {
      groups.addAll(List.of(s.split("[ ,]+")));
    }
    groups.remove("");
    return groups;
  }

  private static WireException refused(String code, String message) {
    return new WireException(code, message);
  }

  /** Built on first use, so that a server starts while the issuer is away. */
  private DefaultJWTProcessor<SecurityContext> processor() throws JOSEException {
    DefaultJWTProcessor<SecurityContext> built = processor;
    if (built != null) {
      return built;
    }
    synchronized (this) {
      if (processor == null) {
        JWKSource<SecurityContext> keys;
        try {
          keys =
              JWKSourceBuilder.create(
                      URI.create(jwksUri()).toURL(),
                      new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, SIZE_LIMIT))
                  .retrying(true)
                  .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
          throw new JOSEException("the issuer's jwks_uri is no URL: " + e.getMessage(), e);
        }
        DefaultJWTProcessor<SecurityContext> created = new DefaultJWTProcessor<>();
        created.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        // the claims are checked above, one code each
        created.setJWTClaimsSetVerifier((claims, context) -> {});
        processor = created;
      }
      return processor;
    }
  }

  private String jwksUri() throws JOSEException {
    String discovery = settings.issuer().replaceAll("/$", "") + "/.well-known/openid-configuration";
    try {
      HttpResponse<String> answer =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofMillis(TIMEOUT_MS))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(discovery))
                      .timeout(Duration.ofMillis(TIMEOUT_MS))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new JOSEException(discovery + " answered " + answer.statusCode());
      }
      return JSONObjectUtils.getString(JSONObjectUtils.parse(answer.body()), "jwks_uri");
    } catch (IOException | ParseException e) {
      throw new JOSEException("cannot read " + discovery + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JOSEException("interrupted while reading " + discovery, e);
    }
  }
}
