package io.stockbridge.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tree of keys the configuration accepts, read from the {@link ConfigFile} records: a section
 * (a record: fixed keys), a map (named entries the operator chooses: stores, accounts, locations),
 * a list, or a single value. Environment overrides are resolved against it.
 */
record ConfigSchema(Kind kind, Map<String, ConfigSchema> keys, ConfigSchema entry) {
  enum Kind {
    SECTION,
    MAP,
    LIST,
    VALUE
  }

  static final ConfigSchema ROOT = of(ConfigFile.class);

  static ConfigSchema of(Type type) {
    if (type instanceof Class<?> record && record.isRecord()) {
      Map<String, ConfigSchema> keys = new LinkedHashMap<>();
      for (RecordComponent component : record.getRecordComponents()) {
        JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
        String name = renamed == null ? component.getName() : renamed.value();
        keys.put(name, of(component.getGenericType()));
      }
      return new ConfigSchema(Kind.SECTION, keys, null);
    }
    if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
      Type[] arguments = generic.getActualTypeArguments();
      if (Map.class.isAssignableFrom(raw)) {
        return new ConfigSchema(Kind.MAP, Map.of(), of(arguments[1]));
      }
      if (Iterable.class.isAssignableFrom(raw)) {
        return new ConfigSchema(Kind.LIST, Map.of(), of(arguments[0]));
      }
    }
    return new ConfigSchema(Kind.VALUE, Map.of(), null);
  }

  boolean isContainer() {
    return kind == Kind.SECTION || kind == Kind.MAP;
  }
}
