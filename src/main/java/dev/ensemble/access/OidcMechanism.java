package dev.ensemble.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Vetoed;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.LogoutDefinition;

/**
 * The browser's sign-in: the OpenID Connect authorization-code flow of Jakarta Security 3.0, with
 * the settings read through {@link OidcSettings}. Never found by scanning: {@link SigninExtension}
 * adds it in signin mode only, so that the other modes need no issuer.
 */
@ApplicationScoped
@Vetoed
@OpenIdAuthenticationMechanismDefinition(
    providerURI = "${oidcConfig.issuer}",
    clientId = "${oidcConfig.clientId}",
    clientSecret = "${oidcConfig.clientSecret}",
    redirectURI = "${baseURL}/callback",
    redirectToOriginalResource = true,
    logout = @LogoutDefinition(notifyProvider = true, redirectURI = "${oidcConfig.signedOutUrl}"),
    claimsDefinition =
        @ClaimsDefinition(
            callerNameClaim = "${oidcConfig.personClaim}",
            callerGroupsClaim = "${oidcConfig.groupsClaim}"))
public class OidcMechanism {}
