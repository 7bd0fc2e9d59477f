package io.stockbridge.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validated fan-out settings, under {@code fanout.}: {@code pollMillis} (50: how often an idle
 * router or subscriber looks again), {@code allowNetworks} (none: CIDRs that outbound webhooks may
 * reach although loopback, link-local or private), and {@code subscribers} by name. Immutable.
 */
public record FanoutSettings(
    Duration poll, List<String> allowNetworks, Map<String, Subscriber> subscribers) {

  /** The default retry schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
  public static final List<Duration> DEFAULT_SCHEDULE =
      List.of(
          Duration.ZERO,
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          Duration.ofHours(5),
          Duration.ofHours(10),
          Duration.ofHours(10));

  public enum Kind {
    WEBHOOK,
    RABBITMQ,
    NATS
  }

  /**
   * One subscriber. {@code types} and {@code stores} empty: all; {@code skuPattern} a glob ({@code
   * *}, {@code ?}) over the event's key, or empty. {@code perKey}: deliveries of one key go out one
   * at a time, oldest first. {@code schedule}: the delay before each attempt (its size is the
   * number of attempts before a delivery is dead). {@code roundsInFlight}: rounds of due deliveries
   * a webhook sends at once (its {@code concurrency} calls shared among them); a broker sends one
   * round at a time (1). {@code url} is a {@link Secret} since broker URLs carry credentials.
   */
  public record Subscriber(
      String name,
      Kind kind,
      Secret url,
      List<Secret> secrets,
      List<String> types,
      List<String> stores,
      Optional<Pattern> skuPattern,
      boolean perKey,
      List<Duration> schedule,
      Duration timeout,
      long ratePerSecond,
      int concurrency,
      int roundsInFlight,
      Duration disableAfter,
      List<String> allowNetworks,
      String exchange,
      String stream,
      String subject) {}

  public static FanoutSettings from(ConfigSource source) {
    ConfigFile.Fanout file = source.file().fanout();
    long poll = source.number("fanout.pollMillis", file.pollMillis(), 50, 5, 10_000);
    List<String> allow = cidrs(source, "fanout.allowNetworks", file.allowNetworks());
    Map<String, Subscriber> subscribers = new LinkedHashMap<>();
    file.subscribers()
        .forEach(
            (name, entry) -> {
              Subscriber subscriber = subscriber(source, name, entry);
              if (subscriber != null) {
                subscribers.put(name, subscriber);
              }
            });
    return new FanoutSettings(Duration.ofMillis(poll), allow, Map.copyOf(subscribers));
  }

  private static Subscriber subscriber(
      ConfigSource source, String name, ConfigFile.Subscriber entry) {
    String path = "fanout.subscribers." + name;
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      source.problem(path, "a subscriber's name is 1-64 letters, digits, '.', '_' or '-'");
      return null;
    }
    if (entry == null) {
      source.problem(path, "needs at least kind and url");
      return null;
    }
    String kindText =
        source.choice(
            path + ".kind", entry.kind(), "webhook", List.of("webhook", "rabbitmq", "nats"));
    Kind kind = Kind.valueOf(kindText.toUpperCase(java.util.Locale.ROOT));
    Optional<Secret> url = source.secret(entry.url());
    if (url.isEmpty()) {
      source.problem(path + ".url", "is required");
    } else if (!url.get().reveal().matches(scheme(kind))) {
      source.problem(path + ".url", "must be a " + scheme(kind).replace(".*", "") + " URL");
    }
    List<Secret> secrets = new ArrayList<>();
    for (String secret : entry.secrets() == null ? List.<String>of() : entry.secrets()) {
      if (!secret.startsWith("whsec_") || !base64(secret.substring(6))) {
        source.problem(path + ".secrets", "each secret is whsec_ followed by base64");
      }
      secrets.add(Secret.of(secret));
    }
    if (kind == Kind.WEBHOOK && secrets.isEmpty()) {
      source.problem(path + ".secrets", "a webhook needs at least one whsec_ secret");
    }
    Optional<Pattern> sku = source.optional(entry.sku()).map(FanoutSettings::glob);
    String order =
        source.choice(path + ".order", entry.order(), "unordered", List.of("unordered", "perkey"));
    List<Duration> schedule = DEFAULT_SCHEDULE;
    if (entry.retrySeconds() != null) {
      schedule = new ArrayList<>();
      for (Long seconds : entry.retrySeconds()) {
        schedule.add(
            Duration.ofSeconds(source.number(path + ".retrySeconds", seconds, 0, 0, 604_800)));
      }
      if (schedule.isEmpty()) {
        source.problem(path + ".retrySeconds", "needs at least one delay (0: immediately)");
        schedule = DEFAULT_SCHEDULE;
      }
    }
    List<String> allow = cidrs(source, path + ".allowNetworks", entry.allowNetworks());
    return new Subscriber(
        name,
        kind,
        url.orElse(Secret.of("")),
        List.copyOf(secrets),
        entry.types() == null ? List.of() : List.copyOf(entry.types()),
        entry.stores() == null ? List.of() : List.copyOf(entry.stores()),
        sku,
        order.equals("perkey"),
        List.copyOf(schedule),
        Duration.ofMillis(
            source.number(path + ".timeoutMillis", entry.timeoutMillis(), 15_000, 100, 120_000)),
        source.number(path + ".ratePerSecond", entry.ratePerSecond(), 0, 0, 1_000_000),
        (int) source.number(path + ".concurrency", entry.concurrency(), 32, 1, 1024),
        roundsInFlight(source, path, kind, entry.roundsInFlight()),
        Duration.ofMinutes(
            source.number(
                path + ".disableAfterMinutes",
                entry.disableAfterMinutes(),
                5 * 24 * 60,
                1,
                525_600)),
        allow,
        source.text(entry.exchange(), "stockbridge.changes"),
        source.text(entry.stream(), "STOCKBRIDGE_CHANGES"),
        source.text(entry.subject(), "stockbridge.changes"));
  }

  /**
   * A webhook's rounds in flight (1-16, {@value #DEFAULT_ROUNDS_IN_FLIGHT} by default); a broker's
   * client sends one round at a time, so there it may only be 1.
   */
  private static int roundsInFlight(ConfigSource source, String path, Kind kind, Long value) {
    if (kind != Kind.WEBHOOK) {
      if (value != null && value != 1) {
        source.problem(
            path + ".roundsInFlight",
            "applies to webhooks only: a "
                + kind.name().toLowerCase(java.util.Locale.ROOT)
                + " subscriber sends one round at a time");
      }
      return 1;
    }
    return (int) source.number(path + ".roundsInFlight", value, DEFAULT_ROUNDS_IN_FLIGHT, 1, 16);
  }

  /** A webhook's rounds in flight when not configured. */
  public static final int DEFAULT_ROUNDS_IN_FLIGHT = 1;

  private static String scheme(Kind kind) {
    return switch (kind) {
      case WEBHOOK -> "https?://.*";
      case RABBITMQ -> "amqps?://.*";
      case NATS -> "(nats|tls)://.*";
    };
  }

  private static boolean base64(String text) {
    try {
      return java.util.Base64.getDecoder().decode(text).length > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static List<String> cidrs(ConfigSource source, String path, List<String> values) {
    List<String> valid = new ArrayList<>();
    for (String value : values == null ? List.<String>of() : values) {
      if (value.matches("[0-9a-fA-F:.]+/[0-9]{1,3}")) {
        valid.add(value);
      } else {
        source.problem(path, "'" + value + "' is not a CIDR such as 127.0.0.0/8 or ::1/128");
      }
    }
    return List.copyOf(valid);
  }

  /** A glob ({@code *} any run, {@code ?} one character) as a whole-string pattern. */
  public static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
