package io.stockbridge.connector.brightpearl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockbridge.config.Secret;
import org.junit.jupiter.api.Test;

class BrightpearlSettingsTest {
  private static BrightpearlSettings.Builder valid() {
    return BrightpearlSettings.builder()
        .datacentre("euw1")
        .accountCode("acme")
        .auth(new BrightpearlAuth.OAuth(Secret.of("t0ken-value"), "app", "dev"));
  }

  @Test
  void a_datacentre_gives_the_brightpearlconnect_account_url() {
    assertThat(valid().build().accountUrl())
        .isEqualTo("https://euw1.brightpearlconnect.com/public-api/acme");
    assertThat(valid().baseUrl("http://127.0.0.1:9/").build().accountUrl())
        .isEqualTo("http://127.0.0.1:9/public-api/acme");
  }

  @Test
  void defaults_follow_the_api_limits() {
    BrightpearlSettings settings = valid().build();

    assertThat(settings.maxIdsPerRequest()).isEqualTo(200);
    assertThat(settings.maxIdsPerAvailabilityCall()).isEqualTo(200);
    assertThat(settings.requestsPerMinute()).isEqualTo(200);
  }

  @Test
  void bad_values_are_refused_naming_the_field() {
    assertThatThrownBy(() -> valid().maxIdsPerRequest(201).build())
        .hasMessageContaining("maxIdsPerRequest");
    assertThatThrownBy(() -> valid().accountCode("a/b").build())
        .hasMessageContaining("accountCode");
    assertThatThrownBy(() -> valid().datacentre("https://x").build())
        .hasMessageContaining("datacentre");
    assertThatThrownBy(() -> new BrightpearlAuth.PrivateApp(" ", Secret.of("x")))
        .hasMessageContaining("appRef");
    assertThatThrownBy(() -> BrightpearlSettings.builder().accountCode("a").build())
        .hasMessageContaining("baseUrl");
  }

  @Test
  void settings_print_without_the_credentials() {
    assertThat(valid().build().toString()).doesNotContain("t0ken-value").contains("****");
    assertThat(new BrightpearlAuth.PrivateApp("app", Secret.of("acct-secret")).toString())
        .doesNotContain("acct-secret");
  }
}
