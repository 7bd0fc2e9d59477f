package io.stockbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reading of configuration values from a YAML file, each overridable by an environment
 * variable. The variable for a dotted path is {@code STOCKBRIDGE_} plus the path in upper snake
 * case: {@code database.url} is {@code STOCKBRIDGE_DATABASE_URL}, {@code http.maxBodyBytes} is
 * {@code STOCKBRIDGE_HTTP_MAX_BODY_BYTES}. Problems are collected, not thrown one by one; call
 * {@link #throwIfInvalid()} once everything is read. Not thread-safe; used during start-up.
 */
public final class ConfigSource {
  private final JsonNode root;
  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();

  public ConfigSource(JsonNode root, Map<String, String> env) {
    this.root = root == null ? MissingNode.getInstance() : root;
    this.env = Map.copyOf(env);
  }

  /** Reads {@code file} (YAML) if given; a missing or unreadable file is a clear error. */
  public static ConfigSource load(Path file, Map<String, String> env) {
    if (file == null) {
      return new ConfigSource(null, env);
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(List.of("config file " + file + " does not exist"));
    }
    try {
      return new ConfigSource(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()), env);
    } catch (IOException e) {
      throw new ConfigException(
          List.of("config file " + file + " is not valid YAML: " + firstLine(e)));
    }
  }

  private static String firstLine(IOException e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  public static String envName(String path) {
    StringBuilder name = new StringBuilder("STOCKBRIDGE_");
    for (char c : path.toCharArray()) {
      if (c == '.' || c == '-') {
        name.append('_');
      } else if (Character.isUpperCase(c)) {
        name.append('_').append(c);
      } else {
        name.append(Character.toUpperCase(c));
      }
    }
    return name.toString().toUpperCase(Locale.ROOT);
  }

  private Optional<String> raw(String path) {
    return raw(List.of(path.split("\\.")));
  }

  /** A value by path parts, for section names that contain dots (e.g. a shop's domain). */
  private Optional<String> raw(List<String> parts) {
    String path = String.join(".", parts);
    String fromEnv = env.get(envName(path));
    if (fromEnv != null) {
      return Optional.of(fromEnv);
    }
    JsonNode node = root;
    for (String part : parts) {
      node = node.path(part);
    }
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (node.isContainerNode()) {
      problems.add(
          path + ": expected a single value, found a " + (node.isArray() ? "list" : "section"));
      return Optional.empty();
    }
    return Optional.of(node.asText());
  }

  public String string(String path, String defaultValue) {
    return raw(path).map(String::strip).orElse(defaultValue);
  }

  public Optional<String> optionalString(String path) {
    return raw(path).map(String::strip).filter(s -> !s.isEmpty());
  }

  public Optional<Secret> optionalSecret(String path) {
    return optionalString(path).map(Secret::of);
  }

  /** Like {@link #optionalSecret(String)}, addressed by parts (a part may contain dots). */
  public Optional<Secret> optionalSecret(List<String> parts) {
    return raw(parts).map(String::strip).filter(s -> !s.isEmpty()).map(Secret::of);
  }

  /** Like {@link #optionalString(String)}, addressed by parts (a part may contain dots). */
  public Optional<String> optionalString(List<String> parts) {
    return raw(parts).map(String::strip).filter(s -> !s.isEmpty());
  }

  /**
   * The raw YAML node at {@code parts} (a missing node when absent), for structured values such as
   * maps and lists of rules; environment variables do not override these.
   */
  public JsonNode node(List<String> parts) {
    JsonNode node = root;
    for (String part : parts) {
      node = node.path(part);
    }
    return node;
  }

  public long number(String path, long defaultValue, long min, long max) {
    Optional<String> value = raw(path);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(value.get().strip());
      if (parsed < min || parsed > max) {
        problems.add(path + ": must be between " + min + " and " + max + ", got " + parsed);
        return defaultValue;
      }
      return parsed;
    } catch (NumberFormatException e) {
      problems.add(path + ": must be a whole number, got '" + value.get() + "'");
      return defaultValue;
    }
  }

  public boolean bool(String path, boolean defaultValue) {
    Optional<String> value = raw(path);
    if (value.isEmpty()) {
      return defaultValue;
    }
    return switch (value.get().strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> {
        problems.add(path + ": must be true or false, got '" + value.get() + "'");
        yield defaultValue;
      }
    };
  }

  /** One of {@code allowed} (case-insensitive), lower-cased. */
  public String choice(String path, String defaultValue, List<String> allowed) {
    String value = string(path, defaultValue).toLowerCase(Locale.ROOT);
    if (!allowed.contains(value)) {
      problems.add(path + ": must be one of " + allowed + ", got '" + value + "'");
      return defaultValue;
    }
    return value;
  }

  /** The values of a list, or of a single comma-separated value (as environment variables give). */
  public List<String> list(String path) {
    String fromEnv = env.get(envName(path));
    if (fromEnv != null) {
      return splitComma(fromEnv);
    }
    JsonNode node = root;
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    if (node.isArray()) {
      List<String> values = new ArrayList<>();
      node.forEach(item -> values.add(item.asText().strip()));
      return values;
    }
    return node.isValueNode() ? splitComma(node.asText()) : List.of();
  }

  private static List<String> splitComma(String text) {
    List<String> values = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        values.add(part.strip());
      }
    }
    return values;
  }

  /**
   * The names of the entries of a section, e.g. the account codes under {@code
   * sources.brightpearl.accounts}.
   */
  public List<String> sectionNames(String path) {
    JsonNode node = root;
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    List<String> names = new ArrayList<>();
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(names::add);
    } else if (!node.isMissingNode() && !node.isNull()) {
      problems.add(path + ": expected a section of named entries");
    }
    return names;
  }

  public void problem(String message) {
    problems.add(message);
  }

  public void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
