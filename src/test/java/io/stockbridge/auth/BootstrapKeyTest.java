package io.stockbridge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.server.StockbridgeNode;
import io.stockbridge.testhelper.TestConfigs;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapKeyTest {
  @TempDir Path dir;

  private List<String> keyNamesAfterStartingWith(String bootstrapKey) {
    String yaml = "dataDir: " + dir + "\nadmin:\n  bootstrapKey: " + bootstrapKey + "\n";
    try (StockbridgeNode node =
        StockbridgeNode.builder(TestConfigs.config(TestDatabases.sqliteUrl(dir), yaml)).start()) {
      return node.storage().accessKeys().list().stream().map(AccessKey::name).toList();
    }
  }

  @Test
  void the_bootstrap_keys_name_is_not_derived_from_its_hash() {
    String key = "bootstrap-key-for-tests-0123456789";
    String hashPrefix = ApiKeys.hash(key).substring(0, 8);

    List<String> first = keyNamesAfterStartingWith(key);
    List<String> again = keyNamesAfterStartingWith(key);
    List<String> rotated = keyNamesAfterStartingWith("another-bootstrap-key-0123456789");

    assertThat(first).containsExactly("bootstrap");
    assertThat(again).containsExactly("bootstrap");
    assertThat(rotated).hasSize(2).contains("bootstrap");
    assertThat(String.join(",", rotated)).doesNotContain(hashPrefix);
    assertThat(rotated.stream().filter(name -> !name.equals("bootstrap")).findFirst().orElseThrow())
        .matches("bootstrap-[0-9a-f]{8}")
        .doesNotContain(ApiKeys.hash("another-bootstrap-key-0123456789").substring(0, 8));
  }
}
