package io.stockbridge.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of texts written either as a YAML list or as one comma-separated value ({@code tokens:
 * a,b}, or {@code STOCKBRIDGE_SOURCES_GENERIC_TOKENS=a,b}); items are stripped, blanks dropped.
 */
final class TextList {
  private TextList() {}

  static List<String> split(String text) {
    List<String> values = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        values.add(part.strip());
      }
    }
    return values;
  }

  static final class Deserializer extends StdDeserializer<List<String>> {
    Deserializer() {
      super(List.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.START_ARRAY) {
        List<String> values = new ArrayList<>();
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
          if (token.isScalarValue()) {
            if (token != JsonToken.VALUE_NULL && !p.getText().isBlank()) {
              values.add(p.getText().strip());
            }
          } else {
            return (List<String>) ctxt.reportInputMismatch(this, "expected a list of texts");
          }
        }
        return values;
      }
      if (p.currentToken().isScalarValue()) {
        return split(p.getText());
      }
      return (List<String>) ctxt.handleUnexpectedToken(List.class, p);
    }
  }
}
