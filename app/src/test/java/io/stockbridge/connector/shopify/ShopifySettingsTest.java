package io.stockbridge.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockbridge.config.Secret;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ShopifySettingsTest {
  private final ShopifySettings production = ShopifySettings.of("acme", Secret.of("shpat_secret"));

  @Test
  void production_settings_point_at_the_shop_with_the_default_version() {
    assertThat(production.graphqlUri())
        .hasToString("https://acme.myshopify.com/admin/api/2026-10/graphql.json");
    assertThat(production.budgetName()).isEqualTo("shopify:acme");
  }

  @Test
  void base_url_and_version_are_configurable() {
    ShopifySettings proxied =
        production
            .withBaseUrl(URI.create("http://localhost:8080/shops/acme/"))
            .withApiVersion("2026-07");
    assertThat(proxied.graphqlUri())
        .hasToString("http://localhost:8080/shops/acme/admin/api/2026-07/graphql.json");
  }

  @Test
  void invalid_values_are_refused_with_the_field_named() {
    assertThatThrownBy(() -> production.withApiVersion("latest"))
        .hasMessageContaining("apiVersion");
    assertThatThrownBy(
            () -> production.withRetries(0, production.initialBackoff(), production.maxBackoff()))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> production.withParallelism(0)).hasMessageContaining("parallelism");
  }

  @Test
  void the_access_token_never_appears_in_the_settings_text() {
    assertThat(production.toString()).doesNotContain("shpat_secret").contains("****");
  }
}
