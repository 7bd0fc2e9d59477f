package io.stockbridge.observe;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;

/**
 * {@code %qex} in {@code logback.xml}: a logged exception as one field, {@code exception="..."}
 * with its stack trace escaped onto the same line (nothing when the event has none). Being a
 * throwable converter, it also keeps logback from appending the multi-line trace itself.
 */
public final class QuotedThrowableConverter extends ThrowableHandlingConverter {
  @Override
  public String convert(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown == null) {
      return "";
    }
    return " exception=\"" + QuotedText.escape(ThrowableProxyUtil.asString(thrown).strip()) + "\"";
  }
}
