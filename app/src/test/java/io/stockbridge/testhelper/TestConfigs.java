package io.stockbridge.testhelper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stockbridge.config.ConfigSource;
import io.stockbridge.config.StockbridgeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Builds configurations for tests from YAML, as the service reads its file. */
public final class TestConfigs {
  private TestConfigs() {}

  /**
   * A configuration for {@code databaseUrl} on a free loopback port, plus the sections in {@code
   * yaml}.
   */
  public static StockbridgeConfig config(String databaseUrl, String yaml) {
    ObjectNode root;
    try {
      root =
          yaml.isBlank()
              ? JsonNodeFactory.instance.objectNode()
              : (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    section(root, "database").put("url", databaseUrl);
    ObjectNode http = section(root, "http");
    if (!http.has("port")) {
      http.put("port", 0);
    }
    http.put("host", "127.0.0.1");
    if (!section(root, "node").has("id")) {
      section(root, "node").put("id", "test-node");
    }
    if (!section(root, "queue").has("pollMillis")) {
      section(root, "queue").put("pollMillis", 10);
    }
    return StockbridgeConfig.from(new ConfigSource(root, Map.of()));
  }

  private static ObjectNode section(ObjectNode root, String name) {
    return root.has(name) ? (ObjectNode) root.get(name) : root.putObject(name);
  }
}
