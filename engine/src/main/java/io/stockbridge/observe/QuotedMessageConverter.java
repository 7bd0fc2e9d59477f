package io.stockbridge.observe;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %qmsg} in {@code logback.xml}: the message with quotes, backslashes and line breaks
 * escaped, for {@code msg="%qmsg"}: a message can never end its field or its line early.
 */
public final class QuotedMessageConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return QuotedText.escape(event.getFormattedMessage());
  }
}
