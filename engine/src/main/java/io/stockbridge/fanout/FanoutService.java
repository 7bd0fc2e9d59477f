package io.stockbridge.fanout;

import io.stockbridge.cluster.LeaderLeases;
import io.stockbridge.config.FanoutSettings;
import io.stockbridge.observe.Tracing;
import io.stockbridge.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs fan-out on the node holding the {@value #LEASE} lease (one node at a time, so each key's
 * deliveries leave in order): a router that turns the change outbox into deliveries, and one worker
 * per subscriber that sends due deliveries in rounds (a webhook several at once, its {@code
 * roundsInFlight}) and settles their attempts in group commits ({@link Worker}). A paused or
 * disabled subscriber's deliveries wait; a subscriber failing for longer than its {@code
 * disableAfter} is disabled (with an {@code alert.raised} event and a report to {@link Alerting}).
 * Idle loops wait {@code fanout.pollMillis}; a failing database is retried after at least a second.
 * Thread-safe; start once, stop once.
 */
public final class FanoutService implements AutoCloseable {
  public static final String LEASE = "fanout";
  private static final Logger LOG = LoggerFactory.getLogger(FanoutService.class);
  private static final int ROUTE_BATCH = 1000;
  private static final int SEND_BATCH = 500;
  private static final int SETTLE_BATCH = 1000;
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

  /** A round: due deliveries claimed together, sent, then settled. */
  private static final class Round {
    final List<Delivery> deliveries;
    final Set<Long> ids = new HashSet<>();
    final Set<String> keys = new HashSet<>();
    // written by the round's thread or the settler before its Progress is queued, read after
    List<AttemptResult> results = List.of();
    Long failingSince;
    RuntimeException failure;

    Round(List<Delivery> deliveries, boolean perKey) {
      this.deliveries = deliveries;
      for (Delivery delivery : deliveries) {
        ids.add(delivery.id());
        if (perKey) {
          keys.add(delivery.key());
        }
      }
    }
  }

  /** What a worker hears of a round: sent (its send slot is free) or settled (or failed). */
  private record Progress(Round round, boolean settled) {}

  /**
   * One subscriber's delivery: claims due deliveries in rounds, sends up to {@code window} rounds
   * at once (a webhook's {@code roundsInFlight}; 1 for a sender that sends one round at a time),
   * and settles what they sent on one settler thread, which records the rounds waiting in one
   * transaction (a group commit, up to {@value #SETTLE_BATCH} attempts), while the next rounds are
   * claimed and sent. At most {@code 2 * window} rounds are unsettled. The deliveries of an
   * unsettled round, and for {@code perKey} every delivery of its keys, are left out of the next
   * claims until it is settled (they are still pending in the store meanwhile, so a crash sends
   * them again: at least once): two deliveries of one key are never in flight at once, and a failed
   * one, once settled, blocks its key's later ones until its retry ({@link DeliveryStore#due}).
   * Only the worker thread touches its sets and counts.
   */
  private final class Worker {
    private final FanoutSettings.Subscriber subscriber;
    private final BlockingQueue<Progress> progress = new LinkedBlockingQueue<>();
    private final BlockingQueue<Round> toSettle = new LinkedBlockingQueue<>();
    private final Set<Long> unsettledIds = new HashSet<>();
    private final Set<String> unsettledKeys = new HashSet<>();
    private int window;
    private int sending;
    private int unsettled;

    Worker(FanoutSettings.Subscriber subscriber) {
      this.subscriber = subscriber;
    }

    void run() {
      ExecutorService rounds = Executors.newVirtualThreadPerTaskExecutor();
      Thread settler =
          Thread.ofVirtual()
              .name("fanout-settle-" + subscriber.name())
              .start(Tracing.wrap(this::settleLoop));
      boolean interrupted = false;
      try (Sender sender = senders.apply(subscriber)) {
        window = sender.concurrent() ? Math.max(1, subscriber.roundsInFlight()) : 1;
        try {
          loop(sender, rounds);
        } finally {
          interrupted = drain(); // what was sent is recorded before the sender closes
        }
      } finally {
        rounds.shutdownNow();
        settler.interrupt();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void loop(Sender sender, ExecutorService rounds) {
      SubscriberState flags = null;
      long flagsAt = 0;
      while (running.get()) {
        try {
          for (Progress heard = progress.poll(); heard != null; heard = progress.poll()) {
            if (heard(heard)) {
              flags = null;
            }
          }
          long now = clock.millis();
          if (flags == null || now - flagsAt >= 1000) {
            flags = store.flags(subscriber.name()).orElse(null);
            flagsAt = now;
          }
          if (!leader() || flags == null || flags.paused() || flags.disabledAt() != null) {
            if (unsettled > 0) {
              heard(progress.take()); // let the rounds in flight finish first
            } else {
              sleeper.sleep(settings.poll());
            }
            continue;
          }
          if (sending >= window || unsettled >= 2 * window) {
            if (heard(progress.take())) {
              flags = null;
            }
            continue;
          }
          List<Delivery> due =
              store.due(
                  subscriber.name(),
                  subscriber.perKey(),
                  SEND_BATCH,
                  now,
                  unsettledIds,
                  unsettledKeys);
          if (due.isEmpty()) {
            if (unsettled > 0) {
              Progress heard = progress.poll(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
              if (heard != null && heard(heard)) {
                flags = null;
              }
            } else {
              sleeper.sleep(settings.poll());
            }
            continue;
          }
          launch(sender, rounds, new Round(due, subscriber.perKey()));
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

    private void launch(Sender sender, ExecutorService rounds, Round round) {
      unsettledIds.addAll(round.ids);
      unsettledKeys.addAll(round.keys);
      sending++;
      unsettled++;
      rounds.execute(
          Tracing.wrap(
              () -> {
                try {
                  round.results = sender.send(round.deliveries, subscriber.perKey());
                } catch (InterruptedException e) {
                  round.failure = new IllegalStateException("stopped while sending");
                } catch (RuntimeException e) {
                  round.failure = e;
                }
                progress.add(new Progress(round, false));
                if (round.failure == null) {
                  toSettle.add(round);
                } else {
                  progress.add(new Progress(round, true));
                }
              }));
    }

    /**
     * Takes in what a round reports. A settled round's deliveries may be claimed again; a failed
     * one (its send or its settle) is rethrown: its deliveries stay pending and go again. Returns
     * whether the subscriber was found failing too long (and disabled).
     */
    private boolean heard(Progress heard) throws InterruptedException {
      Round round = heard.round();
      if (!heard.settled()) {
        sending--;
        return false;
      }
      unsettled--;
      unsettledIds.removeAll(round.ids);
      unsettledKeys.removeAll(round.keys);
      if (round.failure != null) {
        throw round.failure;
      }
      boolean disabled = disableIfFailing(subscriber, round.failingSince);
      if (round.results.stream().noneMatch(AttemptResult::success)) {
        sleeper.sleep(settings.poll()); // nothing went out: do not spin on a failing target
      }
      return disabled;
    }

    /**
     * The settler: records the rounds waiting in one transaction (up to {@value #SETTLE_BATCH}
     * attempts, or one round), then reports each settled (or the settle's failure, which leaves
     * their deliveries pending). Ends when interrupted.
     */
    private void settleLoop() {
      List<Round> batch = new ArrayList<>();
      while (true) {
        try {
          batch.add(toSettle.take());
        } catch (InterruptedException e) {
          return;
        }
        List<AttemptResult> results = new ArrayList<>(batch.getFirst().results);
        // more rounds while they fit: a long transaction would hold SQLite's write lock from the
        // producers of changes and the router
        for (Round next = toSettle.peek();
            next != null && results.size() + next.results.size() <= SETTLE_BATCH;
            next = toSettle.peek()) {
          batch.add(toSettle.remove());
          results.addAll(next.results);
        }
        try {
          Long failingSince =
              store.settle(subscriber.name(), results, subscriber.schedule(), clock.millis());
          for (Round round : batch) {
            round.failingSince = failingSince;
          }
        } catch (RuntimeException e) {
          for (Round round : batch) {
            round.failure = e;
          }
        }
        for (Round round : batch) {
          progress.add(new Progress(round, true));
        }
        batch.clear();
      }
    }

    /**
     * At stop: waits up to 5 s for the rounds in flight to be settled (recorded once); returns
     * whether the thread was interrupted (the flag cleared, so that the sender closes).
     */
    private boolean drain() {
      boolean interrupted = Thread.interrupted();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (unsettled > 0) {
        long left = until - System.nanoTime();
        Progress heard;
        try {
          heard = left <= 0 ? null : progress.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
          heard = null;
        }
        if (heard == null) {
          LOG.warn(
              "fan-out to {}: {} rounds not settled at stop (they go again)",
              subscriber.name(),
              unsettled);
          break;
        }
        if (heard.settled()) {
          unsettled--;
          if (heard.round().failure != null) {
            LOG.warn(
                "fan-out to {}: a last round not recorded: {}",
                subscriber.name(),
                heard.round().failure.toString());
          }
        }
      }
      return interrupted;
    }
  }

  private void deliver(FanoutSettings.Subscriber subscriber) {
    new Worker(subscriber).run();
  }

  /**
   * Disables the subscriber when it has been failing (since {@code failingSince}, null: not
   * failing) longer than its {@code disableAfter}; returns whether it has.
   */
  private boolean disableIfFailing(FanoutSettings.Subscriber subscriber, Long failingSince) {
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
