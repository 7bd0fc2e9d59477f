package io.stockbridge.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockbridge.NearestName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges the {@code STOCKBRIDGE_*} environment variables into the configuration tree before it is
 * bound. A variable names a key by its path in upper snake case ({@code http.maxBodyBytes} is
 * {@code STOCKBRIDGE_HTTP_MAX_BODY_BYTES}; an entry of a map, such as a store, by its name in the
 * same form: {@code uk-store} is {@code UK_STORE}). What the variable holds depends on the key:
 *
 * <ul>
 *   <li>a single value: the text as it is (stripped);
 *   <li>a list: YAML flow ({@code [a, b]}) or comma-separated ({@code a,b}); replaces the file's;
 *   <li>a map or a section: YAML ({@code {eu: {accessToken: x}}}), merged into the file's: keys it
 *       names replace the file's (sections merge key by key), {@code null} removes a key, others
 *       stay.
 * </ul>
 *
 * Shorter variables apply first, so a section set as YAML can be refined by a variable for one of
 * its keys. A variable that names no key is an error when it is close to a key's variable or starts
 * with a section's name; others (the launcher's {@code STOCKBRIDGE_JAVA_OPTS}, ...) are left alone.
 */
final class EnvironmentOverrides {
  static final String PREFIX = "STOCKBRIDGE_";

  /** Variables of the process, not of the configuration file. */
  static final Set<String> PROCESS_VARIABLES = Set.of("CONFIG", "DEBUG", "JAVA_OPTS", "LOG_LEVEL");

  private record Target(List<String> parts, ConfigSchema schema) {
    String path() {
      return String.join(".", parts);
    }
  }

  private EnvironmentOverrides() {}

  /** One part of a variable name: {@code maxBodyBytes} is {@code MAX_BODY_BYTES}. */
  static String segment(String key) {
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean letterOrDigit = (c < 128) && Character.isLetterOrDigit(c);
      if (!letterOrDigit) {
        name.append('_');
        continue;
      }
      if (Character.isUpperCase(c) && i > 0) {
        char previous = key.charAt(i - 1);
        if (Character.isLowerCase(previous) || Character.isDigit(previous)) {
          name.append('_');
        }
      }
      name.append(Character.toUpperCase(c));
    }
    return name.toString();
  }

  static void apply(
      ObjectNode root, Map<String, String> env, Origins origins, List<String> problems) {
    List<String> names = new ArrayList<>();
    for (String name : env.keySet()) {
      if (name.startsWith(PREFIX)) {
        String rest = name.substring(PREFIX.length());
        if (!PROCESS_VARIABLES.contains(rest) && !rest.startsWith("TEST_") && !rest.isEmpty()) {
          names.add(name);
        }
      }
    }
    names.sort(
        Comparator.comparingLong((String name) -> name.chars().filter(c -> c == '_').count())
            .thenComparing(Comparator.naturalOrder()));
    for (String name : names) {
      String rest = name.substring(PREFIX.length());
      List<Target> targets = new ArrayList<>();
      resolve(rest, ConfigSchema.ROOT, root, List.of(), targets);
      if (targets.isEmpty()) {
        unknown(name, rest, root, problems);
      } else if (targets.size() > 1) {
        problems.add(
            "environment variable "
                + name
                + " could mean "
                + String.join(" or ", targets.stream().map(Target::path).toList())
                + "; set the section that holds it as YAML instead");
      } else {
        set(root, targets.get(0), name, env.get(name), origins, problems);
      }
    }
  }

  private static void resolve(
      String rest, ConfigSchema schema, JsonNode current, List<String> parts, List<Target> out) {
    List<String> keys;
    if (schema.kind() == ConfigSchema.Kind.SECTION) {
      keys = List.copyOf(schema.keys().keySet());
    } else if (schema.kind() == ConfigSchema.Kind.MAP && current.isObject()) {
      keys = new ArrayList<>();
      current.fieldNames().forEachRemaining(keys::add);
    } else {
      return;
    }
    for (String key : keys) {
      ConfigSchema child =
          schema.kind() == ConfigSchema.Kind.SECTION ? schema.keys().get(key) : schema.entry();
      String segment = segment(key);
      List<String> childParts = new ArrayList<>(parts);
      childParts.add(key);
      if (rest.equals(segment)) {
        out.add(new Target(List.copyOf(childParts), child));
      } else if (rest.startsWith(segment + "_")) {
        resolve(rest.substring(segment.length() + 1), child, current.path(key), childParts, out);
      }
    }
  }

  private static void unknown(String name, String rest, JsonNode root, List<String> problems) {
    List<String> known = new ArrayList<>();
    names(ConfigSchema.ROOT, root, "", known);
    Optional<String> nearest = NearestName.of(rest, known);
    boolean inASection =
        ConfigSchema.ROOT.keys().keySet().stream()
            .map(EnvironmentOverrides::segment)
            .anyMatch(section -> rest.equals(section) || rest.startsWith(section + "_"));
    if (nearest.isPresent()) {
      problems.add(
          "environment variable "
              + name
              + " names no setting; did you mean "
              + PREFIX
              + nearest.get()
              + "?");
    } else if (inASection) {
      problems.add(
          "environment variable "
              + name
              + " names no setting (an entry the file does not have, such as a store, is added by"
              + " setting the map that holds it as YAML, e.g. STOCKBRIDGE_STORES='{eu: {...}}')");
    }
  }

  /** The variable names (without the prefix) of every key the schema and the tree hold. */
  private static void names(
      ConfigSchema schema, JsonNode current, String prefix, List<String> out) {
    if (schema.kind() == ConfigSchema.Kind.SECTION) {
      schema
          .keys()
          .forEach(
              (key, child) -> {
                String name = prefix + segment(key);
                out.add(name);
                names(child, current.path(key), name + "_", out);
              });
    } else if (schema.kind() == ConfigSchema.Kind.MAP && current.isObject()) {
      current
          .fieldNames()
          .forEachRemaining(
              key -> {
                String name = prefix + segment(key);
                out.add(name);
                names(schema.entry(), current.path(key), name + "_", out);
              });
    }
  }

  private static void set(
      ObjectNode root,
      Target target,
      String name,
      String value,
      Origins origins,
      List<String> problems) {
    ObjectNode parent = root;
    List<String> parts = target.parts();
    for (String part : parts.subList(0, parts.size() - 1)) {
      JsonNode next = parent.get(part);
      if (!(next instanceof ObjectNode)) {
        next = parent.putObject(part);
      }
      parent = (ObjectNode) next;
    }
    String key = parts.get(parts.size() - 1);
    String path = target.path();
    switch (target.schema().kind()) {
      case VALUE -> {
        parent.put(key, value.strip());
        origins.variable(path, name);
      }
      case LIST -> {
        JsonNode list;
        if (value.strip().startsWith("[")) {
          Optional<JsonNode> parsed = yaml(name, value, problems);
          if (parsed.isEmpty()) {
            return;
          }
          if (!parsed.get().isArray()) {
            problems.add("environment variable " + name + ": expected a YAML list such as [a, b]");
            return;
          }
          list = parsed.get();
        } else {
          ArrayNode items = JsonNodeFactory.instance.arrayNode();
          TextList.split(value).forEach(items::add);
          list = items;
        }
        parent.set(key, list);
        origins.variable(path, name);
      }
      case SECTION, MAP -> {
        Optional<JsonNode> parsed = yaml(name, value, problems);
        if (parsed.isEmpty()) {
          return;
        }
        if (!(parsed.get() instanceof ObjectNode section)) {
          problems.add(
              "environment variable "
                  + name
                  + ": "
                  + path
                  + " is a section; give it as YAML such as {key: value}");
          return;
        }
        if (!origins.has(path) || !(parent.get(key) instanceof ObjectNode)) {
          origins.variable(path, name);
        }
        JsonNode existing = parent.get(key);
        ObjectNode into = existing instanceof ObjectNode object ? object : parent.putObject(key);
        merge(into, section, path, name, origins);
      }
    }
  }

  private static void merge(
      ObjectNode into, ObjectNode from, String path, String name, Origins origins) {
    from.properties()
        .forEach(
            entry -> {
              String key = entry.getKey();
              JsonNode value = entry.getValue();
              String childPath = Origins.child(path, key);
              if (value.isNull()) {
                into.remove(key);
                origins.variable(childPath, name);
              } else if (value instanceof ObjectNode section
                  && into.get(key) instanceof ObjectNode existing) {
                merge(existing, section, childPath, name, origins);
              } else {
                into.set(key, value);
                origins.variable(childPath, name);
              }
            });
  }

  private static Optional<JsonNode> yaml(String name, String value, List<String> problems) {
    try {
      JsonNode parsed = ConfigSource.YAML.readTree(value);
      return Optional.of(parsed == null ? JsonNodeFactory.instance.missingNode() : parsed);
    } catch (JacksonException e) {
      problems.add("environment variable " + name + " is not valid YAML" + ConfigSource.at(e));
      return Optional.empty();
    }
  }

  static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
