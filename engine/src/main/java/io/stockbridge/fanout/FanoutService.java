package io.stockbridge.fanout;

import io.stockbridge.cluster.LeaderLeases;
import io.stockbridge.config.FanoutSettings;
import io.stockbridge.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
  private static final long STOP_GRACE_MILLIS = 2000;

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

  /**
   * The worker loop: claims due deliveries, sends them and hands the results to a settler thread,
   * so one round's settle transaction runs while the next round is claimed and sent (at most one
   * settle in flight: the next waits for it). Deliveries of the round being settled, and for {@code
   * perKey} every delivery of their keys, are left out of the next claim until it is settled (they
   * are still pending in the store meanwhile).
   */
  private void deliver(FanoutSettings.Subscriber subscriber) {
    ExecutorService settler = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
    try (Sender sender = senders.apply(subscriber)) {
      SubscriberState flags = null;
      long flagsAt = 0;
      Future<Long> settling = null;
      Set<Long> settlingIds = Set.of();
      Set<String> settlingKeys = Set.of();
      while (running.get()) {
        try {
          long now = clock.millis();
          if (flags == null || now - flagsAt >= 1000) {
            flags = store.flags(subscriber.name()).orElse(null);
            flagsAt = now;
          }
          if (!leader() || flags == null || flags.paused() || flags.disabledAt() != null) {
            if (settling != null) {
              settled(subscriber, settling);
              settling = null;
              settlingIds = Set.of();
              settlingKeys = Set.of();
            }
            sleeper.sleep(settings.poll());
            continue;
          }
          List<Delivery> due = new ArrayList<>();
          for (Delivery delivery :
              store.due(
                  subscriber.name(), subscriber.perKey(), SEND_BATCH + settlingIds.size(), now)) {
            if (!settlingIds.contains(delivery.id())
                && !(subscriber.perKey() && settlingKeys.contains(delivery.key()))
                && due.size() < SEND_BATCH) {
              due.add(delivery);
            }
          }
          if (due.isEmpty()) {
            if (settling != null) {
              if (settled(subscriber, settling)) {
                flags = null;
              }
              settling = null;
              settlingIds = Set.of();
              settlingKeys = Set.of();
              continue; // what was held back may be due now
            }
            sleeper.sleep(settings.poll());
            continue;
          }
          List<AttemptResult> results = sender.send(due, subscriber.perKey());
          if (settling != null && settled(subscriber, settling)) {
            flags = null;
          }
          settling = null;
          long settledAt = clock.millis();
          settling =
              settler.submit(
                  () -> store.settle(subscriber.name(), results, subscriber.schedule(), settledAt));
          settlingIds = new HashSet<>();
          settlingKeys = new HashSet<>();
          for (Delivery delivery : due) {
            settlingIds.add(delivery.id());
            settlingKeys.add(delivery.key());
          }
          if (results.stream().noneMatch(AttemptResult::success)) {
            sleeper.sleep(settings.poll()); // nothing went out: do not spin on a failing target
          }
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          settling = null; // its deliveries are still pending: they go again (at least once)
          settlingIds = Set.of();
          settlingKeys = Set.of();
          LOG.warn("fan-out to {} failed, retrying: {}", subscriber.name(), e.toString());
          if (!pause()) {
            return;
          }
        }
      }
      if (settling != null) {
        try {
          settled(subscriber, settling);
        } catch (InterruptedException | RuntimeException e) {
          LOG.warn("fan-out to {}: last settle not finished: {}", subscriber.name(), e.toString());
        }
      }
    } finally {
      // a settle in flight finishes before the worker ends (its deliveries are recorded once)
      settler.shutdown();
      boolean interrupted = Thread.interrupted();
      try {
        if (!settler.awaitTermination(5, TimeUnit.SECONDS)) {
          LOG.warn("fan-out to {}: a settle still running at stop", subscriber.name());
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Waits for a settle; disables the subscriber when it has been failing too long. Returns whether
   * it disabled it. A failed settle is rethrown (its deliveries stay pending).
   */
  private boolean settled(FanoutSettings.Subscriber subscriber, Future<Long> settling)
      throws InterruptedException {
    Long failingSince;
    try {
      failingSince = settling.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException("settling failed", e.getCause());
    }
    long now = clock.millis();
    if (failingSince == null || now - failingSince < subscriber.disableAfter().toMillis()) {
      return false;
    }
    String reason =
        "failing since "
            + java.time.Instant.ofEpochMilli(failingSince)
            + " (disableAfterMinutes "
            + subscriber.disableAfter().toMinutes()
            + ")";
    if (store.disable(subscriber.name(), reason, now)) {
      LOG.warn("subscriber {} disabled: {}", subscriber.name(), reason);
      alerting.subscriberDisabled(subscriber.name(), reason, now);
    }
    return true;
  }

  private boolean pause() {
    try {
      sleeper.sleep(ERROR_PAUSE);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Stops: the threads get up to {@value #STOP_GRACE_MILLIS} ms to finish the round in hand (so
   * what was sent is recorded), then are interrupted.
   */
  @Override
  public void close() {
    running.set(false);
    long graceUntil = System.nanoTime() + STOP_GRACE_MILLIS * 1_000_000L;
    try {
      for (Thread thread : threads) {
        long left = (graceUntil - System.nanoTime()) / 1_000_000;
        if (left > 0) {
          thread.join(left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
