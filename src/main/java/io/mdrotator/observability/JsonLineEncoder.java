package io.mdrotator.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JSON object per line: {@code ts}, {@code level}, {@code logger}, {@code thread},
 * {@code message}, then MDC entries and SLF4J key-value pairs as top-level fields (e.g.
 * {@code account}, {@code slot}, {@code rotation_id}), then {@code exception}. Every string value
 * passes through {@link SecretMasker}. Audit events (logger {@code md-rotator.audit}, whose message
 * is a JSON object) are embedded as the {@code audit} object instead of a string.
 */
public class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> RESERVED = Set.of("ts", "level", "logger", "thread", "message", "exception", "audit");

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("ts", Instant.ofEpochMilli(e.getTimeStamp()).toString());
    o.put("level", e.getLevel().toString());
    o.put("logger", e.getLoggerName());
    o.put("thread", e.getThreadName());
    String message = SecretMasker.mask(e.getFormattedMessage());
    JsonNode audit = AuditLog.LOGGER_NAME.equals(e.getLoggerName()) ? parseObject(message) : null;
    if (audit != null) {
      o.set("audit", audit);
    } else {
      o.put("message", message);
    }
    for (Map.Entry<String, String> m : e.getMDCPropertyMap().entrySet()) {
      o.put(fieldName(m.getKey()), SecretMasker.mask(m.getValue()));
    }
    if (e.getKeyValuePairs() != null) {
      for (KeyValuePair kv : e.getKeyValuePairs()) {
        o.put(fieldName(kv.key), SecretMasker.mask(String.valueOf(kv.value)));
      }
    }
    IThrowableProxy t = e.getThrowableProxy();
    if (t != null) {
      o.put("exception", SecretMasker.mask(ThrowableProxyUtil.asString(t)));
    }
    return (JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String fieldName(String key) {
    return RESERVED.contains(key) ? "mdc_" + key : key;
  }

  private static JsonNode parseObject(String text) {
    if (!text.startsWith("{")) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(text);
      return n.isObject() ? n : null;
    } catch (JacksonException notJson) {
      return null; // an ordinary message on the audit logger: keep it as text
    }
  }
}
