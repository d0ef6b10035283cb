package dev.ensemble.access;

import dev.ensemble.config.EnsembleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The settings of the browser's sign-in, by the name {@code oidcConfig} through which the
 * expressions of {@link OidcMechanism} read them.
 */
@ApplicationScoped
@Named("oidcConfig")
public class OidcSettings {

  @Inject EnsembleConfig config;

  private SigninSettings signin() {
    return config
        .signin()
        .orElseThrow(() -> new IllegalStateException("sign-in runs only in signin mode"));
  }

  public String getIssuer() {
    return signin().issuer();
  }

  public String getClientId() {
    return signin().clientId();
  }

  public String getClientSecret() {
    return config.oidcClientSecret();
  }

  public String getPersonClaim() {
    return signin().personClaim();
  }

  public String getGroupsClaim() {
    return signin().groupsClaim();
  }

  /**
   * Where the issuer sends the browser back after signing out: the start page, under the public
   * URL, which includes the context root.
   */
  public String getSignedOutUrl() {
    return config.publicUrl() + "/";
  }
}
