package io.stockbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.auth.AccessKey;
import io.stockbridge.auth.AccessKeyStore;
import io.stockbridge.auth.ApiKeyVerifier;
import io.stockbridge.auth.ApiKeys;
import io.stockbridge.auth.Role;
import io.stockbridge.testhelper.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's {@code admin.bootstrapKey}, on each engine: named {@code bootstrap}, sealed. */
abstract class BootstrapKeyTest {
  @TempDir Path dir;
  String url;

  protected abstract String databaseUrl();

  protected void cleanUp() {}

  @BeforeEach
  void database() {
    url = databaseUrl();
  }

  @AfterEach
  void drop() {
    cleanUp();
  }

  private StockbridgeNode start(String bootstrapKey) {
    return StockbridgeNode.builder(
            TestConfigs.config(
                url, "dataDir: " + dir + "\nadmin:\n  bootstrapKey: " + bootstrapKey))
        .start();
  }

  private static List<String> names(StockbridgeNode node) {
    return node.storage().accessKeys().list().stream().map(AccessKey::name).toList();
  }

  @Test
  void the_bootstrap_key_is_named_bootstrap_never_after_the_key() {
    try (StockbridgeNode node = start("first-bootstrap-key")) {
      assertThat(names(node)).containsExactly("bootstrap");
      AccessKeyStore.StoredKey stored =
          new ApiKeyVerifier(node.storage().accessKeys())
              .verify("first-bootstrap-key")
              .orElseThrow();
      assertThat(stored.key().role()).isEqualTo(Role.OPERATOR);
      assertThat(stored.keyHash()).doesNotContain(ApiKeys.hash("first-bootstrap-key"));
    }
    try (StockbridgeNode node = start("first-bootstrap-key")) {
      assertThat(names(node)).containsExactly("bootstrap");
    }
  }

  @Test
  void a_changed_bootstrap_key_replaces_the_old_one() {
    try (StockbridgeNode node = start("first-bootstrap-key")) {
      assertThat(names(node)).containsExactly("bootstrap");
    }
    try (StockbridgeNode node = start("second-bootstrap-key")) {
      ApiKeyVerifier keys = new ApiKeyVerifier(node.storage().accessKeys());
      assertThat(names(node)).containsExactly("bootstrap");
      assertThat(keys.verify("second-bootstrap-key")).isPresent();
      assertThat(keys.verify("first-bootstrap-key")).isEmpty();
    }
  }

  @Test
  void a_bootstrap_key_named_after_its_unsalted_hash_by_an_older_version_is_renamed_and_sealed() {
    String key = "old-bootstrap-key";
    String legacyHash = ApiKeys.hash(key);
    try (StockbridgeNode node = start("some-other-key")) {
      node.storage().accessKeys().revoke("bootstrap");
      node.storage()
          .accessKeys()
          .create("bootstrap-" + legacyHash.substring(0, 8), Role.OPERATOR, null, legacyHash, 0);
    }
    try (StockbridgeNode node = start(key)) {
      assertThat(names(node)).containsExactly("bootstrap");
      assertThat(node.storage().accessKeys().findByKeyHash(legacyHash)).isEmpty();
      assertThat(new ApiKeyVerifier(node.storage().accessKeys()).verify(key)).isPresent();
    }
  }
}
