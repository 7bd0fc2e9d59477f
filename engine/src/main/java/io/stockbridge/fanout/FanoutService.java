package io.stockbridge.fanout;

import io.stockbridge.cluster.LeaderLeases;
import io.stockbridge.config.FanoutSettings;
import io.stockbridge.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs fan-out on the node holding the {@value #LEASE} lease (one node at a time, so each key's
 * deliveries leave in order): a router that turns the change outbox into deliveries, and one worker
 * per subscriber that sends due deliveries and settles their attempts. A paused or disabled
 * subscriber's deliveries wait; a subscriber failing for longer than its {@code disableAfter} is
 * disabled (with an {@code alert.raised} event and a report to {@link Alerting}). Idle loops wait
 * {@code fanout.pollMillis}; a failing database is retried after at least a second. Thread-safe;
 * start once, stop once.
 */
public final class FanoutService implements AutoCloseable {
  public static final String LEASE = "fanout";
  private static final Logger LOG = LoggerFactory.getLogger(FanoutService.class);
  private static final int ROUTE_BATCH = 1000;
  private static final int SEND_BATCH = 500;
  private static final Duration LEASE_TIME = Duration.ofSeconds(15);
  private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

  /** Told when a subscriber is disabled (the node records an issue for operators). */
  @FunctionalInterface
  public interface Alerting {
    void subscriberDisabled(String subscriber, String reason, long now);
  }

  private final FanoutSettings settings;
  private final DeliveryStore store;
  private final LeaderLeases leases;
  private final String node;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Function<FanoutSettings.Subscriber, Sender> senders;
  private final Alerting alerting;
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  private volatile long leaseUntil;

  public FanoutService(
      FanoutSettings settings,
      DeliveryStore store,
      LeaderLeases leases,
      String node,
      Clock clock,
      Sleeper sleeper,
      Function<FanoutSettings.Subscriber, Sender> senders,
      Alerting alerting) {
    this.settings = settings;
    this.store = store;
    this.leases = leases;
    this.node = node;
    this.clock = clock;
    this.sleeper = sleeper;
    this.senders = senders;
    this.alerting = alerting;
  }

  /** The senders for real subscribers: webhooks under {@code policy}, RabbitMQ and NATS. */
  public static Function<FanoutSettings.Subscriber, Sender> realSenders(
      FanoutSettings settings, Clock clock, Sleeper sleeper) {
    return subscriber ->
        switch (subscriber.kind()) {
          case WEBHOOK -> {
            List<String> allow = new ArrayList<>(settings.allowNetworks());
            allow.addAll(subscriber.allowNetworks());
            yield new WebhookSender(subscriber, OutboundPolicy.of(allow), clock, sleeper);
          }
          case RABBITMQ -> new RabbitSender(subscriber);
          case NATS -> new NatsSender(subscriber);
        };
  }

  public FanoutSettings settings() {
    return settings;
  }

  public Optional<FanoutSettings.Subscriber> subscriber(String name) {
    return Optional.ofNullable(settings.subscribers().get(name));
  }

  public void start() {
    if (settings.subscribers().isEmpty() || !running.compareAndSet(false, true)) {
      return;
    }
    long now = clock.millis();
    for (String name : settings.subscribers().keySet()) {
      store.ensure(name, now);
    }
    threads.add(Thread.ofVirtual().name("fanout-router").start(this::route));
    for (Map.Entry<String, FanoutSettings.Subscriber> entry : settings.subscribers().entrySet()) {
      threads.add(
          Thread.ofVirtual()
              .name("fanout-" + entry.getKey())
              .start(() -> deliver(entry.getValue())));
    }
  }

  private boolean leader() {
    long now = clock.millis();
    if (now < leaseUntil - LEASE_TIME.toMillis() / 3) {
      return true;
    }
    long until = now + LEASE_TIME.toMillis();
    if (leases.tryAcquire(LEASE, node, now, until)) {
      leaseUntil = until;
      return true;
    }
    leaseUntil = 0;
    return false;
  }

  private void route() {
    List<SubscriberFilter> filters =
        settings.subscribers().values().stream().map(SubscriberFilter::of).toList();
    while (running.get()) {
      try {
        if (!leader() || store.route(filters, ROUTE_BATCH, clock.millis()) == 0) {
          sleeper.sleep(settings.poll());
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("fan-out routing failed, retrying: {}", e.toString());
        if (!pause()) {
          return;
        }
      }
    }
  }

  private void deliver(FanoutSettings.Subscriber subscriber) {
    try (Sender sender = senders.apply(subscriber)) {
      SubscriberState flags = null;
      long flagsAt = 0;
      while (running.get()) {
        try {
          long now = clock.millis();
          if (flags == null || now - flagsAt >= 1000) {
            flags = store.flags(subscriber.name()).orElse(null);
            flagsAt = now;
          }
          if (!leader() || flags == null || flags.paused() || flags.disabledAt() != null) {
            sleeper.sleep(settings.poll());
            continue;
          }
          List<Delivery> due = store.due(subscriber.name(), subscriber.perKey(), SEND_BATCH, now);
          if (due.isEmpty()) {
            sleeper.sleep(settings.poll());
            continue;
          }
          List<AttemptResult> results = sender.send(due, subscriber.perKey());
          long settledAt = clock.millis();
          Long failingSince =
              store.settle(subscriber.name(), results, subscriber.schedule(), settledAt);
          if (failingSince != null
              && settledAt - failingSince >= subscriber.disableAfter().toMillis()) {
            String reason =
                "failing since "
                    + java.time.Instant.ofEpochMilli(failingSince)
                    + " (disableAfterMinutes "
                    + subscriber.disableAfter().toMinutes()
                    + ")";
            if (store.disable(subscriber.name(), reason, settledAt)) {
              LOG.warn("subscriber {} disabled: {}", subscriber.name(), reason);
              alerting.subscriberDisabled(subscriber.name(), reason, settledAt);
            }
            flags = null;
          }
          if (results.stream().noneMatch(AttemptResult::success)) {
            sleeper.sleep(settings.poll()); // nothing went out: do not spin on a failing target
          }
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          LOG.warn("fan-out to {} failed, retrying: {}", subscriber.name(), e.toString());
          if (!pause()) {
            return;
          }
        }
      }
    }
  }

  private boolean pause() {
    try {
      sleeper.sleep(ERROR_PAUSE);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @Override
  public void close() {
    running.set(false);
    for (Thread thread : threads) {
      thread.interrupt();
    }
    for (Thread thread : threads) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
