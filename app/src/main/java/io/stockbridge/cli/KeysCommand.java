package io.stockbridge.cli;

import io.stockbridge.auth.AccessKey;
import io.stockbridge.auth.ApiKeyVerifier;
import io.stockbridge.auth.ApiKeys;
import io.stockbridge.auth.Role;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keys create|list|revoke}: admin API keys (stored hashed; shown once). */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manages admin API keys.",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a key and prints it once; only its hash is stored.")
  static final class Create extends StorageCommand {
    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "NAME",
        description = "A name for the key, e.g. ops-dashboard (or --name; random when omitted)")
    String positionalName;

    @Option(
        names = "--name",
        description = "A name for the key, e.g. ops-dashboard (random when omitted)")
    String name;

    @Option(
        names = "--role",
        defaultValue = "viewer",
        description = "viewer (reads) or operator (also acts)")
    String role;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      if (name != null && positionalName != null && !name.equals(positionalName)) {
        throw new IllegalArgumentException("give the key's name once: NAME or --name");
      }
      String chosen = name != null ? name : positionalName;
      if (chosen == null) {
        chosen = randomName();
      } else if (chosen.isBlank()) {
        throw new IllegalArgumentException("the key's name must not be blank");
      }
      Role parsed = Role.parse(role);
      String key = ApiKeys.generate();
      new ApiKeyVerifier(storage.accessKeys())
          .create(chosen, parsed, key, System.currentTimeMillis());
      System.err.println(
          "created " + parsed.dbValue() + " key '" + chosen + "'; it is shown only now:");
      System.out.println(key);
      return 0;
    }

    /** A random name, independent of the key. */
    private static String randomName() {
      byte[] bytes = new byte[4];
      RANDOM.nextBytes(bytes);
      return "key-" + HexFormat.of().formatHex(bytes);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists keys (names and roles).")
  static final class ListKeys extends StorageCommand {
    @Override
    int run(StockbridgeConfig config, Storage storage) {
      for (AccessKey key : storage.accessKeys().list()) {
        System.out.printf(
            "%-30s %-9s created %s%n",
            key.name(), key.role().dbValue(), Instant.ofEpochMilli(key.createdAt()));
      }
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Deletes a key by name.")
  static final class Revoke extends StorageCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      if (!storage.accessKeys().revoke(name)) {
        throw new IllegalArgumentException("no key named '" + name + "'");
      }
      System.out.println("revoked '" + name + "'");
      return 0;
    }
  }
}
