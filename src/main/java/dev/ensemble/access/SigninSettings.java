package dev.ensemble.access;

/**
 * The OpenID Connect issuer of signin mode and how its tokens name people: {@code audience} must be
 * in a token's {@code aud}; {@code personClaim} names the person (else {@code sub}); {@code
 * groupsClaim} lists their groups.
 */
public record SigninSettings(
    String issuer, String clientId, String audience, String personClaim, String groupsClaim) {}
