package io.stockbridge.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.stockbridge.config.ObserveConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.format} and {@code log.level} to the process's logging: {@code text} is the
 * quoted one-line format of {@code logback.xml}; {@code json} is one JSON object per line
 * (logback's own {@link JsonEncoder}: timestamp, level, logger, thread, the MDC with event and
 * trace id, the formatted message, a throwable), both on stderr so stdout stays clean for CLI
 * output. Logging is one per process: the last node started sets it. Thread-safe.
 */
public final class LogFormat {
  static final String APPENDER = "STDERR";

  private static String applied = ObserveConfig.TEXT;

  private LogFormat() {}

  /** Sets the format and level; does nothing when they are already in force. */
  public static synchronized void apply(ObserveConfig config) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J binding: it is configured its own way
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level level = Level.toLevel(config.logLevel(), Level.INFO);
    if (!level.equals(root.getLevel())) {
      root.setLevel(level);
    }
    if (applied.equals(config.logFormat())) {
      return;
    }
    if (ObserveConfig.JSON.equals(config.logFormat())) {
      ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
      json.setContext(context);
      json.setName(APPENDER);
      json.setTarget("System.err");
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      encoder.setWithSequenceNumber(false);
      encoder.setWithNanoseconds(false);
      encoder.setWithContext(false);
      encoder.setWithMessage(false);
      encoder.setWithArguments(false);
      encoder.setWithFormattedMessage(true);
      encoder.start();
      json.setEncoder(encoder);
      json.start();
      replaceAppender(root, json);
    } else {
      // Back to the configuration file's text format.
      context.reset();
      try {
        new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
      } catch (ch.qos.logback.core.joran.spi.JoranException e) {
        throw new IllegalStateException("logback.xml could not be read again", e);
      }
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(level);
    }
    applied = config.logFormat();
  }

  private static void replaceAppender(Logger root, ConsoleAppender<ILoggingEvent> replacement) {
    var old = root.getAppender(APPENDER);
    root.addAppender(replacement);
    if (old != null) {
      root.detachAppender(old);
      old.stop();
    }
  }
}
