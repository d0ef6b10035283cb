package dev.ensemble.access;

import java.security.Principal;

/** The caller of a request whose bearer token named {@code person}. */
public record PersonPrincipal(Credential.Person person) implements Principal {

  @Override
  public String getName() {
    return person.name();
  }
}
