package dev.ensemble.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR the build made, deployed as it is, libraries included, as {@code ensemble.war}: Liberty
 * serves a WAR of its dropins folder under the WAR's name, so the tests reach it at {@code
 * /ensemble}, not at the server's root.
 */
final class Deployments {

  static final String CONTEXT_ROOT = "/ensemble";

  private Deployments() {}

  static WebArchive app() {
    return ShrinkWrap.create(ZipImporter.class, CONTEXT_ROOT.substring(1) + ".war")
        .importFrom(new File("target/ensemble.war"))
        .as(WebArchive.class);
  }
}
