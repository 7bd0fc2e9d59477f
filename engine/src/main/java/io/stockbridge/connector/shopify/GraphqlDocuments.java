package io.stockbridge.connector.shopify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The GraphQL documents the connector sends, kept in {@code shopify/graphql/<name>.graphql}. */
final class GraphqlDocuments {
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private GraphqlDocuments() {}

  static String get(String name) {
    return CACHE.computeIfAbsent(name, GraphqlDocuments::load);
  }

  private static String load(String name) {
    String path = "/shopify/graphql/" + name + ".graphql";
    try (InputStream in = GraphqlDocuments.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing GraphQL document " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
