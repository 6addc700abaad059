package io.dfota.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Sends the log to {@code DATA/dfota.log} while a long-running command (demo, platform, emulate)
 * runs, so that the terminal shows only progress and results: a logback file appender is attached
 * to the root logger (INFO) and the console appenders are detached; {@link #close()} restores them.
 * Configured programmatically, so the {@code logback.xml} in the jar stays the one for the short
 * commands (warnings on standard error).
 */
final class LogFile implements AutoCloseable {

  /** The log file name in the data directory. */
  static final String NAME = "dfota.log";

  private final ch.qos.logback.classic.@Nullable Logger root;
  private final @Nullable Level previousLevel;
  private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
  private final @Nullable FileAppender<ILoggingEvent> file;

  private LogFile(
      ch.qos.logback.classic.@Nullable Logger root, @Nullable FileAppender<ILoggingEvent> file) {
    this.root = root;
    this.previousLevel = root == null ? null : root.getLevel();
    this.file = file;
  }

  /**
   * Redirects the log to {@code dir/dfota.log}; does nothing (but still returns a closeable) when
   * logback is not the SLF4J binding.
   *
   * @param dir the data directory
   * @return the redirection, to close when the command ends
   */
  static LogFile redirect(Path dir) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext)) {
      return new LogFile(null, null);
    }
    LoggerContext context = (LoggerContext) factory;
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName("dfota-file");
    appender.setFile(dir.resolve(NAME).toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    LogFile redirect = new LogFile(root, appender);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      Appender<ILoggingEvent> a = it.next();
      if (a instanceof ch.qos.logback.core.ConsoleAppender) {
        redirect.detached.add(a);
      }
    }
    root.addAppender(appender);
    redirect.detached.forEach(root::detachAppender);
    root.setLevel(Level.INFO);
    return redirect;
  }

  @Override
  public void close() {
    if (root == null || file == null) {
      return;
    }
    detached.forEach(root::addAppender);
    root.detachAppender(file);
    root.setLevel(previousLevel);
    file.stop();
  }
}
