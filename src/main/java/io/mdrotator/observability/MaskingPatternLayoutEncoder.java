package io.mdrotator.observability;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A {@link PatternLayoutEncoder} whose whole output (message, MDC, throwable) passes through
 * {@link SecretMasker}; use it in an operator's own logback.xml in place of the plain encoder.
 */
public class MaskingPatternLayoutEncoder extends PatternLayoutEncoder {
  @Override
  public byte[] encode(ILoggingEvent event) {
    Charset cs = getCharset() == null ? StandardCharsets.UTF_8 : getCharset();
    return SecretMasker.mask(getLayout().doLayout(event)).getBytes(cs);
  }
}
