package io.stockbridge.testhelper;

import io.stockbridge.auth.ApiKeyVerifier;
import io.stockbridge.auth.Role;
import io.stockbridge.http.RequestObserver;
import io.stockbridge.server.StockbridgeNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * A running node on a real SQLite file with the sources tests use: Brightpearl account {@code
 * acme}, Shopify shop {@code acme-store.myshopify.com}, a static token and both JWT keys, and two
 * API keys.
 */
public final class NodeFixture implements AutoCloseable {
  public static final String BP_SECRET = "bp-secret-acme";
  public static final String SHOP = "acme-store.myshopify.com";
  public static final String SHOP_SECRET = "shopify-app-secret";
  public static final String TOKEN = "static-token-123";
  public static final String JWT_SECRET = "0123456789abcdef0123456789abcdef-hs256";
  public static final String AUDIENCE = "stockbridge";
  public static final String OPERATOR_KEY = "operator-key-for-tests";
  public static final String VIEWER_KEY = "viewer-key-for-tests";

  public final StockbridgeNode node;
  public final TestHttp http;

  public NodeFixture(Path dir, String extraYaml) {
    this(dir, TestDatabases.sqliteUrl(dir), extraYaml, RequestObserver.NONE);
  }

  /** A node whose every HTTP request goes to {@code observer}. */
  public NodeFixture(Path dir, String extraYaml, RequestObserver observer) {
    this(dir, TestDatabases.sqliteUrl(dir), extraYaml, observer);
  }

  /** The same node on another database ({@code databaseUrl}: SQLite or PostgreSQL). */
  public NodeFixture(Path dir, String databaseUrl, String extraYaml) {
    this(dir, databaseUrl, extraYaml, RequestObserver.NONE);
  }

  private NodeFixture(Path dir, String databaseUrl, String extraYaml, RequestObserver observer) {
    String yaml =
        """
        dataDir: %s
        http:
          maxBodyBytes: 4096
        sources:
          brightpearl:
            accounts:
              acme:
                webhookSecret: %s
          shopify:
            shops:
              %s:
                webhookSecret: %s
          generic:
            tokens: [%s]
            jwt:
              hmacSecret: %s
              audience: %s
              rsaPublicKeyPem: |
        %s
        """
                .formatted(
                    dir,
                    BP_SECRET,
                    SHOP,
                    SHOP_SECRET,
                    TOKEN,
                    JWT_SECRET,
                    AUDIENCE,
                    Jwts.rsaPublicKeyPem().indent(10).stripTrailing())
            + extraYaml;
    this.node =
        StockbridgeNode.builder(TestConfigs.config(databaseUrl, yaml))
            .requestObserver(observer)
            .start();
    this.http = new TestHttp(node.port());
    ApiKeyVerifier keys = new ApiKeyVerifier(node.storage().accessKeys());
    keys.create("ops", Role.OPERATOR, OPERATOR_KEY, 0);
    keys.create("viewer", Role.VIEWER, VIEWER_KEY, 0);
  }

  public static Map<String, String> operator() {
    return Map.of("Authorization", "Bearer " + OPERATOR_KEY);
  }

  public static Map<String, String> viewer() {
    return Map.of("X-Api-Key", VIEWER_KEY);
  }

  public static String brightpearlBody(String ids, String raisedOn) {
    return """
        {"accountCode":"acme","resourceType":"product","id":"%s","lifecycleEvent":"modified",\
        "resourceSpecifier":"on-hand-modified","raisedOn":"%s","brightpearlVersion":"7"}"""
        .formatted(ids, raisedOn);
  }

  /** A body as the template of this version renders it: the event named, nothing undocumented. */
  public static String brightpearlBodyNamingEvent(String event, String ids, String raisedOn) {
    return """
        {"accountCode":"acme","event":"%s","resourceType":"product","id":"%s",\
        "lifecycleEvent":"modified","raisedOn":"%s"}"""
        .formatted(event, ids, raisedOn);
  }

  public TestHttp.Answer postBrightpearl(String body) {
    return http.postJson("/webhooks/brightpearl/acme?secret=" + BP_SECRET, Map.of(), body);
  }

  @Override
  public void close() {
    node.close();
  }
}
