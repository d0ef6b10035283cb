package dev.ensemble.bus;

import dev.ensemble.config.TrustStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS sockets for {@code rediss://} that trust the certificates of a trust store file. */
final class RedisTls {

  private RedisTls() {}

  static SSLSocketFactory socketFactory(TrustStore trust) {
    try (InputStream in = Files.newInputStream(trust.path())) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(in, trust.password().toCharArray());
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the Redis trust store " + trust.path() + ": " + e.getMessage(), e);
    }
  }
}
