package dev.ensemble.access;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Vetoed;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Adds the browser's sign-in ({@link OidcMechanism}) in signin mode only. It is added before bean
 * discovery, because vetoing it later is too late on Open Liberty: its security extension registers
 * the mechanism while the types are processed.
 */
public class SigninExtension implements Extension {

  void addSignin(@Observes BeforeBeanDiscovery discovery) {
    Config config = ConfigProvider.getConfig();
    boolean issuer =
        config
            .getOptionalValue("ENSEMBLE_OIDC_ISSUER", String.class)
            .filter(s -> !s.isBlank())
            .isPresent();
    String mode =
        config
            .getOptionalValue(AccessMode.SETTING, String.class)
            .filter(s -> !s.isBlank())
            .orElse(issuer ? "signin" : "links");
    if (issuer && AccessMode.of(mode) == AccessMode.SIGNIN) {
      discovery
          .addAnnotatedType(OidcMechanism.class, OidcMechanism.class.getName())
          .remove(a -> a.annotationType() == Vetoed.class);
    }
  }
}
