package io.stockbridge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The text format of {@code logback.xml}: whatever a message holds, a line stays one line. */
class TextLogLinesTest {
  private static String encode(ILoggingEvent event) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var appender = (OutputStreamAppender<ILoggingEvent>) root.getAppender(LogFormat.APPENDER);
    return new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void a_message_with_quotes_line_breaks_and_an_exception_is_one_parseable_line() {
    Logger logger = (Logger) LoggerFactory.getLogger(TextLogLinesTest.class);
    LoggingEvent event =
        new LoggingEvent(
            Logger.class.getName(),
            logger,
            Level.WARN,
            "store said \"no\"\nsecond line\\end",
            new IllegalStateException("boom\nat two lines"),
            null);
    event.setMDCPropertyMap(
        java.util.Map.of(LogContext.EVENT_ID, "42", LogContext.FLOW, "stock.sync"));

    String line = encode(event);

    assertThat(line).endsWith("\n");
    assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n").doesNotContain("\r");
    assertThat(line)
        .contains(" event=42 trace=- flow=stock.sync store=- ")
        .contains("msg=\"store said \\\"no\\\"\\nsecond line\\\\end\"")
        .contains(" exception=\"java.lang.IllegalStateException: boom\\nat two lines\\n");
    // Each quoted field ends at the first unescaped quote: the line splits into its fields.
    assertThat(
            Pattern.compile("(\\w+)=(\"(?:[^\"\\\\]++|\\\\.)*+\"|\\S+)")
                .matcher(line)
                .results()
                .map(m -> m.group(1))
                .toList())
        .containsSubsequence(
            "level", "logger", "thread", "event", "trace", "flow", "store", "msg", "exception");
  }
}
