package dev.ensemble.config;

import java.nio.file.Path;

/** A trust store file (PKCS12 or JKS) and its password. */
public record TrustStore(Path path, String password) {

  @Override
  public String toString() {
    return "TrustStore[" + path + "]";
  }
}
