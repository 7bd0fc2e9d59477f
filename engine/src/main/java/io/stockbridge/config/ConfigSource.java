package io.stockbridge.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The configuration as read: a YAML file, with the {@code STOCKBRIDGE_*} environment variables
 * merged in ({@link EnvironmentOverrides}), bound strictly into {@link ConfigFile}. Strict means: a
 * YAML syntax error or a duplicate key is reported with its line and column; a key no record names
 * is rejected with the nearest known name ({@code unknown key 'htpp' at line 3, column 1; did you
 * mean 'http'?}); a value of the wrong kind is rejected. The validators ({@link
 * StockbridgeConfig#from}, {@link io.stockbridge.config.SyncConfig#from}) read {@link #file()} and
 * report range and required-value problems through {@link #number} and {@link #problem}, each
 * naming its field and where the value came from: a line and column of the file, or the environment
 * variable that set it. Problems are collected, not thrown one by one; call {@link
 * #throwIfInvalid()} once everything is read. Not thread-safe; used during start-up.
 */
public final class ConfigSource {
  /** YAML trees: duplicate keys are an error, not "the last one wins". */
  static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private static final ObjectReader BINDER =
      new ObjectMapper()
          .registerModule(
              new SimpleModule()
                  .addDeserializer(Boolean.class, new Flag())
                  .addDeserializer(Long.class, new WholeNumber()))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .readerFor(ConfigFile.class);

  private final ConfigFile file;
  private final ObjectNode tree;
  private final Origins origins;
  private final List<String> problems = new ArrayList<>();

  /** A configuration from a tree already read (tests, the demo), with {@code env} over it. */
  public ConfigSource(JsonNode root, Map<String, String> env) {
    this(root, new Origins(), env);
  }

  private ConfigSource(JsonNode root, Origins origins, Map<String, String> env) {
    this.origins = origins;
    ObjectNode tree;
    if (root instanceof ObjectNode object) {
      tree = object.deepCopy();
    } else {
      tree = JsonNodeFactory.instance.objectNode();
      if (root != null && !root.isMissingNode() && !root.isNull()) {
        problems.add(
            "the configuration must be a YAML mapping of sections (http:, database:, ...)");
      }
    }
    EnvironmentOverrides.apply(tree, env, origins, problems);
    this.tree = tree;
    this.file = bind(tree);
  }

  /**
   * Reads {@code file} (YAML) if given; a missing, unreadable or malformed file is a clear error.
   */
  public static ConfigSource load(Path file, Map<String, String> env) {
    if (file == null) {
      return new ConfigSource(null, env);
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(List.of("config file " + file + " does not exist"));
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(List.of("config file " + file + " cannot be read: " + e));
    }
    Origins origins = new Origins();
    JsonNode root;
    try {
      root = YAML.readTree(text);
      recordLocations(text, origins);
    } catch (JacksonException e) {
      throw new ConfigException(List.of("config file " + file + " is not valid YAML" + at(e)));
    } catch (IOException e) {
      throw new ConfigException(List.of("config file " + file + " cannot be read: " + e));
    }
    return new ConfigSource(root, origins, env);
  }

  /**
   * " at line 3, column 9: mapping values are not allowed here" from a parse error: the parser's
   * problem and its place, never the quoted text around it (which may hold a secret).
   */
  static String at(JacksonException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml
        && yaml.getProblemMark() != null
        && yaml.getProblem() != null) {
      return " at line "
          + (yaml.getProblemMark().getLine() + 1)
          + ", column "
          + (yaml.getProblemMark().getColumn() + 1)
          + ": "
          + yaml.getProblem();
    }
    String message = String.valueOf(e.getOriginalMessage()).strip();
    int newline = message.indexOf('\n');
    String problem = newline < 0 ? message : message.substring(0, newline);
    return EnvironmentOverrides.at(e.getLocation()) + ": " + problem;
  }

  private static void recordLocations(String text, Origins origins) throws IOException {
    try (JsonParser parser = YAML.createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        var location = parser.currentTokenLocation();
        if (token == JsonToken.FIELD_NAME) {
          origins.file(
              Origins.pathOf(parser.getParsingContext()),
              location.getLineNr(),
              location.getColumnNr());
        } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          var parent = parser.getParsingContext().getParent();
          if (parent != null && parent.inArray()) {
            origins.file(Origins.pathOf(parent), location.getLineNr(), location.getColumnNr());
          }
        } else if (token.isScalarValue() && parser.getParsingContext().inArray()) {
          origins.file(
              Origins.pathOf(parser.getParsingContext()),
              location.getLineNr(),
              location.getColumnNr());
        }
      }
    }
  }

  private ConfigFile bind(ObjectNode tree) {
    try {
      ConfigFile bound = BINDER.withHandler(new Problems()).readValue(tree);
      return bound == null ? ConfigFile.empty() : bound;
    } catch (JsonMappingException e) {
      List<String> parts = new ArrayList<>();
      for (JsonMappingException.Reference reference : e.getPath()) {
        parts.add(
            reference.getFieldName() != null
                ? reference.getFieldName()
                : "[" + reference.getIndex() + "]");
      }
      String message = String.valueOf(e.getOriginalMessage());
      int newline = message.indexOf('\n');
      problem(
          Origins.dotted(parts),
          "cannot be read: " + (newline < 0 ? message : message.substring(0, newline)));
      return ConfigFile.empty();
    } catch (IOException e) {
      String path =
          e instanceof JacksonException jackson && jackson.getProcessor() instanceof JsonParser p
              ? Origins.pathOf(p.getParsingContext())
              : "";
      problem(
          path, "cannot be read: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      return ConfigFile.empty();
    }
  }

  /** The file's keys as written (with the environment's overrides), for the validators. */
  public ConfigFile file() {
    return file;
  }

  /**
   * The variable for a dotted path: {@code STOCKBRIDGE_} plus the path in upper snake case ({@code
   * database.url} is {@code STOCKBRIDGE_DATABASE_URL}, {@code http.maxBodyBytes} is {@code
   * STOCKBRIDGE_HTTP_MAX_BODY_BYTES}, store {@code uk-store}'s token {@code
   * STOCKBRIDGE_STORES_UK_STORE_ACCESS_TOKEN}).
   */
  public static String envName(String path) {
    StringBuilder name = new StringBuilder(EnvironmentOverrides.PREFIX);
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        name.append('_');
      }
      name.append(EnvironmentOverrides.segment(parts[i]));
    }
    return name.toString();
  }

  /** A text value stripped, or {@code defaultValue} when absent. */
  public String text(String value, String defaultValue) {
    return value == null ? defaultValue : value.strip();
  }

  /** A text value stripped, absent when missing or blank. */
  public Optional<String> optional(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(s -> !s.isEmpty());
  }

  public Optional<Secret> secret(String value) {
    return optional(value).map(Secret::of);
  }

  /** {@code value} checked against [{@code min}, {@code max}]; {@code defaultValue} when absent. */
  public long number(String path, Long value, long defaultValue, long min, long max) {
    if (value == null) {
      return defaultValue;
    }
    if (value < min || value > max) {
      problem(path, "must be between " + min + " and " + max + ", got " + value);
      return defaultValue;
    }
    return value;
  }

  public boolean flag(Boolean value, boolean defaultValue) {
    return value == null ? defaultValue : value;
  }

  /** One of {@code allowed} (case-insensitive), lower-cased. */
  public String choice(String path, String value, String defaultValue, List<String> allowed) {
    String chosen = text(value, defaultValue).toLowerCase(Locale.ROOT);
    if (!allowed.contains(chosen)) {
      problem(path, "must be one of " + allowed + ", got '" + chosen + "'");
      return defaultValue;
    }
    return chosen;
  }

  // Readers by dotted path, over the same merged tree, for code written before the records. The
  // key must still be a component of ConfigFile (else the file is refused as naming an unknown
  // key); prefer reading file() and checking with number(path, value, ...).

  /** The node at a dotted path of the merged tree (file and environment); missing when absent. */
  public JsonNode node(List<String> parts) {
    JsonNode node = tree;
    for (String part : parts) {
      node = node.path(part);
    }
    return node;
  }

  private Optional<String> scalar(String path) {
    JsonNode node = node(List.of(path.split("\\.")));
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (node.isContainerNode()) {
      problem(path, "expected a single value, found a " + (node.isArray() ? "list" : "section"));
      return Optional.empty();
    }
    return Optional.of(node.asText().strip());
  }

  public String string(String path, String defaultValue) {
    return scalar(path).orElse(defaultValue);
  }

  public Optional<String> optionalString(String path) {
    return scalar(path).filter(s -> !s.isEmpty());
  }

  public Optional<Secret> optionalSecret(String path) {
    return optionalString(path).map(Secret::of);
  }

  public long number(String path, long defaultValue, long min, long max) {
    Optional<String> value = scalar(path);
    if (value.isEmpty()) {
      return defaultValue;
    }
    if (!value.get().matches("[+-]?[0-9]{1,19}")) {
      problem(path, "must be a whole number, got '" + value.get() + "'");
      return defaultValue;
    }
    try {
      return number(path, Long.parseLong(value.get()), defaultValue, min, max);
    } catch (NumberFormatException e) {
      problem(path, "must be a whole number, got '" + value.get() + "'");
      return defaultValue;
    }
  }

  public boolean bool(String path, boolean defaultValue) {
    Optional<String> value = scalar(path);
    if (value.isEmpty()) {
      return defaultValue;
    }
    return switch (value.get().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> {
        problem(path, "must be true or false, got '" + value.get() + "'");
        yield defaultValue;
      }
    };
  }

  /** One of {@code allowed} (case-insensitive), lower-cased. */
  public String choice(String path, String defaultValue, List<String> allowed) {
    return choice(path, scalar(path).orElse(null), defaultValue, allowed);
  }

  /** The texts of a list, or of one comma-separated value. */
  public List<String> list(String path) {
    JsonNode node = node(List.of(path.split("\\.")));
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(item -> values.add(item.asText().strip()));
      return values;
    }
    return node.isValueNode() ? TextList.split(node.asText()) : List.of();
  }

  /** A problem already prefixed with its path. */
  public void problem(String message) {
    problems.add(message);
  }

  /** A problem with the value at {@code path}, reported with where that value came from. */
  public void problem(String path, String message) {
    String where = origins.of(path).map(origin -> " (" + origin.describe() + ")").orElse("");
    problems.add((path.isEmpty() ? "" : path + ": ") + message + where);
  }

  public void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** Collects binding problems (unknown keys, values of the wrong kind) instead of failing fast. */
  private final class Problems extends DeserializationProblemHandler {
    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      String path = Origins.pathOf(p.getParsingContext());
      if (!path.endsWith(propertyName)) {
        path = Origins.child(path, propertyName);
      }
      List<String> known = new ArrayList<>();
      Collection<Object> names = deserializer.getKnownPropertyNames();
      if (names != null) {
        names.forEach(name -> known.add(String.valueOf(name)));
      }
      Optional<Origins.Origin> origin = origins.of(path);
      String where =
          origin
              .map(o -> o.fromEnvironment() ? " in " + o.describe() : " at " + o.describe())
              .orElse("");
      String hint =
          io.stockbridge.NearestName.of(propertyName, known)
              .map(name -> "; did you mean '" + name + "'?")
              .orElse("; known keys here: " + String.join(", ", known));
      problems.add("unknown key '" + path + "'" + where + hint);
      p.skipChildren();
      return true;
    }

    @Override
    public Object handleWeirdStringValue(
        DeserializationContext ctxt,
        Class<?> targetType,
        String valueToConvert,
        String failureMsg) {
      problem(
          Origins.pathOf(ctxt.getParser().getParsingContext()),
          expected(targetType) + ", got '" + valueToConvert + "'");
      return null;
    }

    @Override
    public Object handleWeirdNumberValue(
        DeserializationContext ctxt,
        Class<?> targetType,
        Number valueToConvert,
        String failureMsg) {
      problem(
          Origins.pathOf(ctxt.getParser().getParsingContext()),
          expected(targetType) + ", got " + valueToConvert);
      return null;
    }

    @Override
    public Object handleUnexpectedToken(
        DeserializationContext ctxt,
        JavaType targetType,
        JsonToken t,
        JsonParser p,
        String failureMsg)
        throws IOException {
      // The value is not echoed: under a wrong structure it may be a secret.
      String found =
          switch (t) {
            case START_OBJECT -> "a section";
            case START_ARRAY -> "a list";
            default -> "a single value";
          };
      problem(
          Origins.pathOf(p.getParsingContext()),
          expected(targetType.getRawClass()) + ", found " + found);
      p.skipChildren();
      return null;
    }

    @Override
    public Object handleMissingInstantiator(
        DeserializationContext ctxt,
        Class<?> instClass,
        ValueInstantiator valueInsts,
        JsonParser p,
        String msg)
        throws IOException {
      String found = p.currentToken() == JsonToken.START_ARRAY ? "a list" : "a single value";
      problem(Origins.pathOf(p.getParsingContext()), "expected a section of keys, found " + found);
      p.skipChildren();
      return null;
    }

    private static String expected(Class<?> type) {
      if (type == Long.class || type == Integer.class || type == long.class) {
        return "must be a whole number";
      }
      if (type == Boolean.class || type == boolean.class) {
        return "must be true or false";
      }
      if (Map.class.isAssignableFrom(type) || type.isRecord()) {
        return "expected a section of keys";
      }
      if (Collection.class.isAssignableFrom(type)) {
        return "expected a list";
      }
      return "expected a single value";
    }
  }

  /**
   * A whole number that fits a {@code long}, written with ASCII digits (a YAML number or a text
   * such as an environment variable's); {@code 1.5}, {@code 1e3} and digits of other scripts are
   * refused, not rounded or read.
   */
  private static final class WholeNumber extends StdDeserializer<Long> {
    private static final java.util.regex.Pattern DIGITS =
        java.util.regex.Pattern.compile("[+-]?[0-9]{1,19}");

    WholeNumber() {
      super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return switch (p.currentToken()) {
        case VALUE_NUMBER_INT ->
            p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? (Long) ctxt.handleWeirdNumberValue(Long.class, p.getNumberValue(), "too large")
                : p.getLongValue();
        case VALUE_NUMBER_FLOAT ->
            (Long) ctxt.handleWeirdNumberValue(Long.class, p.getNumberValue(), "not whole");
        case VALUE_STRING -> {
          String text = p.getText().strip();
          if (text.isEmpty()) {
            yield null;
          }
          if (DIGITS.matcher(text).matches()) {
            try {
              yield Long.parseLong(text);
            } catch (NumberFormatException e) {
              // beyond a long: reported below
            }
          }
          yield (Long) ctxt.handleWeirdStringValue(Long.class, text, "not a whole number");
        }
        default -> (Long) ctxt.handleUnexpectedToken(Long.class, p);
      };
    }
  }

  /** true/false, also yes/no, on/off and 1/0 (as environment variables often say). */
  private static final class Flag extends StdDeserializer<Boolean> {
    Flag() {
      super(Boolean.class);
    }

    @Override
    public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return switch (p.currentToken()) {
        case VALUE_TRUE -> true;
        case VALUE_FALSE -> false;
        case VALUE_STRING, VALUE_NUMBER_INT -> {
          String text = p.getText().strip();
          yield switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            case "" -> null;
            default -> (Boolean) ctxt.handleWeirdStringValue(Boolean.class, text, "not a flag");
          };
        }
        default -> (Boolean) ctxt.handleUnexpectedToken(Boolean.class, p);
      };
    }
  }
}
