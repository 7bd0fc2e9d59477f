package io.stockbridge.testhelper;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockbridge.config.ConfigSource;
import io.stockbridge.config.StockbridgeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds configurations for tests as a YAML file would: dotted paths become nested sections. */
public final class TestConfigs {
  private TestConfigs() {}

  /** A configuration for {@code databaseUrl} on a free loopback port, plus {@code settings}. */
  public static StockbridgeConfig config(String databaseUrl, Map<String, String> settings) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("database.url", databaseUrl);
    all.put("http.port", "0");
    all.put("http.host", "127.0.0.1");
    all.put("node.id", "test-node");
    all.put("queue.pollMillis", "10");
    all.putAll(settings);
    return StockbridgeConfig.from(new ConfigSource(tree(all), Map.of()));
  }

  static ObjectNode tree(Map<String, String> settings) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    settings.forEach(
        (path, value) -> {
          List<String> parts = List.of(path.split("\\."));
          ObjectNode node = root;
          for (String part : parts.subList(0, parts.size() - 1)) {
            node = node.has(part) ? (ObjectNode) node.get(part) : node.putObject(part);
          }
          node.put(parts.get(parts.size() - 1), value);
        });
    return root;
  }
}
