package dev.ensemble.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The records a logger writes while a test runs, kept out of the test's output. */
public final class CapturedLog extends Handler implements AutoCloseable {

  private final Logger logger;
  private final boolean parentHandlers;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private CapturedLog(Logger logger) {
    this.logger = logger;
    this.parentHandlers = logger.getUseParentHandlers();
    logger.addHandler(this);
    logger.setUseParentHandlers(false);
  }

  public static CapturedLog of(Class<?> type) {
    return new CapturedLog(Logger.getLogger(type.getName()));
  }

  /** The formatted messages logged at {@code level}. */
  public List<String> messages(Level level) {
    return records.stream()
        .filter(r -> r.getLevel().equals(level))
        .map(r -> new java.util.logging.SimpleFormatter().formatMessage(r))
        .toList();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setUseParentHandlers(parentHandlers);
  }
}
