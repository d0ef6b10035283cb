package dev.ensemble.testing;

import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps chatty libraries out of the test output: the in-process store and the driver log every
 * connection and collection at INFO. Hold the result in a static field, since the logging framework
 * keeps loggers, and so their levels, only while someone references them.
 */
public final class QuietLogs {

  private QuietLogs() {}

  /** The store's and the driver's loggers, showing only errors. */
  public static List<Logger> ofTheStore() {
    return Arrays.stream(new String[] {"de.bwaldvogel", "org.mongodb.driver"})
        .map(Logger::getLogger)
        .peek(logger -> logger.setLevel(Level.SEVERE))
        .toList();
  }
}
