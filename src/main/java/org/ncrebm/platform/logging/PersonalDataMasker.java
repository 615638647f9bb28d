package org.ncrebm.platform.logging;

import com.fasterxml.jackson.core.JsonStreamContext;
import net.logstash.logback.mask.ValueMasker;

/**
 * The JSON layout's masker (logstash-logback-encoder's {@code MaskingJsonGeneratorDecorator}): every string value
 * written, the message, structured arguments, MDC and stack traces alike, goes through {@link LogMasking}.
 */
public final class PersonalDataMasker implements ValueMasker {
  @Override
  public Object mask(JsonStreamContext context, Object value) {
    if (value instanceof CharSequence text) {
      String original = text.toString();
      String masked = LogMasking.mask(original);
      return masked.equals(original) ? null : masked;
    }
    return null;
  }
}
