package dev.ensemble.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build made, deployed as it is, libraries included. */
final class Deployments {

  private Deployments() {}

  static WebArchive app() {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/ensemble.war"));
  }
}
