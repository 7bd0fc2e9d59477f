package io.stockbridge.connector.brightpearl;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AccountBudgetTest {
  private final MutableClock clock = new MutableClock();
  private final InMemoryBudgetStateStore store = new InMemoryBudgetStateStore();
  private final AccountBudget budget = new AccountBudget(store, "acme", 200, clock, 35_000);
  private final AccountBudget otherNode = new AccountBudget(store, "acme", 200, clock, 35_000);

  @Test
  void a_fresh_budget_allows_the_full_limit_without_waiting() {
    for (int i = 0; i < 200; i++) {
      assertThat(budget.tryReserve()).isZero();
    }
    assertThat(budget.tryReserve()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void when_the_server_reports_nothing_left_reservations_wait_for_the_throttle_period() {
    budget.tryReserve();
    budget.answered(0, 42_000L);

    assertThat(budget.tryReserve()).isEqualTo(Duration.ofMillis(42_000));
    assertThat(otherNode.tryReserve()).isEqualTo(Duration.ofMillis(42_000));
  }

  @Test
  void after_the_throttle_period_one_probe_goes_and_the_others_wait_for_its_answer() {
    budget.tryReserve();
    budget.answered(0, 10_000L);
    clock.advance(Duration.ofSeconds(10));

    assertThat(budget.tryReserve()).isZero();
    assertThat(otherNode.tryReserve()).isEqualTo(Duration.ofMillis(AccountBudget.PROBE_HOLD_MS));
    budget.answered(5, 20_000L);
    assertThat(otherNode.tryReserve()).isZero();
  }

  @Test
  void an_answer_keeps_slots_for_requests_other_nodes_sent_but_the_server_may_not_have_counted() {
    budget.tryReserve();
    otherNode.tryReserve();
    otherNode.tryReserve();

    budget.answered(2, 30_000L);

    // Two of the other node's requests are still open: of the 2 the server reported, none is free.
    assertThat(budget.tryReserve()).isEqualTo(Duration.ofMillis(30_000));
  }

  @Test
  void leases_of_a_node_that_died_mid_request_expire() {
    otherNode.tryReserve();
    otherNode.tryReserve();
    clock.advance(Duration.ofSeconds(36));

    budget.tryReserve();
    budget.answered(150, 1_000L);

    for (int i = 0; i < 150; i++) {
      assertThat(budget.tryReserve()).isZero();
    }
  }

  @Test
  void a_throttled_answer_empties_the_budget_for_the_wait() {
    budget.throttled(Duration.ofSeconds(7));

    assertThat(otherNode.tryReserve()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void accounts_have_separate_budgets() {
    AccountBudget elsewhere = new AccountBudget(store, "other-account", 200, clock, 35_000);
    budget.throttled(Duration.ofSeconds(7));

    assertThat(elsewhere.tryReserve()).isZero();
  }

  @Test
  void an_answer_that_arrives_after_a_newer_one_does_not_raise_the_figure() {
    AccountBudget.Reservation first = budget.reserve();
    AccountBudget.Reservation second = otherNode.reserve();
    AccountBudget.Reservation third = budget.reserve();

    // The newest request's answer comes first; the oldest one's, counted earlier, comes last.
    budget.answered(third.seq(), 3, 30_000L);
    otherNode.answered(second.seq(), 1, 30_000L);
    budget.answered(first.seq(), 150, 30_000L);

    // Of the newest answer's 3, the two requests still open then are kept back: 1 is free.
    assertThat(budget.tryReserve()).isZero();
    assertThat(otherNode.tryReserve()).isEqualTo(Duration.ofMillis(30_000));
  }

  @Test
  void an_answer_subtracts_requests_reserved_before_it_that_may_not_have_arrived_yet() {
    AccountBudget.Reservation first = budget.reserve();
    AccountBudget.Reservation second = otherNode.reserve();

    // The second request overtook the first (sent later, answered first): the server's 1 left
    // may not count the first yet, which is still open.
    otherNode.answered(second.seq(), 1, 30_000L);

    assertThat(budget.tryReserve()).isEqualTo(Duration.ofMillis(30_000));
    budget.answered(first.seq(), 0, 20_000L); // stale: only releases its lease
    assertThat(budget.tryReserve()).isEqualTo(Duration.ofMillis(30_000));
  }

  @Test
  void the_answer_to_the_last_slot_wakes_this_nodes_waiters_before_the_worst_case_guess()
      throws Exception {
    for (int i = 0; i < 199; i++) {
      budget.tryReserve();
    }
    AccountBudget.Reservation last = budget.reserve();
    AccountBudget.Reservation waiting = budget.reserve();
    // No figures for the last slot yet: the guess is a full window, while its answer is open.
    assertThat(waiting.delay()).isEqualTo(Duration.ofSeconds(60));
    assertThat(waiting.answersPending()).isTrue();

    java.util.concurrent.CountDownLatch woken = new java.util.concurrent.CountDownLatch(1);
    Thread waiter =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    budget.awaitAnswer(Duration.ofSeconds(60));
                    woken.countDown();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    Eventually.await(
        "the waiter waits",
        Duration.ofSeconds(10),
        () -> waiter.getState() == Thread.State.TIMED_WAITING);
    // The server says the window frees one in 2 s: the waiter is woken now, not in 60 s.
    budget.answered(last.seq(), 0, 2_000L);
    assertThat(woken.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(budget.tryReserve()).isEqualTo(Duration.ofMillis(2_000));
  }

  @Test
  void an_answer_subtracts_the_requests_reserved_after_it_and_not_answered_yet() {
    AccountBudget.Reservation first = budget.reserve();
    otherNode.reserve();
    otherNode.reserve();

    budget.answered(first.seq(), 5, 30_000L);

    // The two later requests may have been counted after the first: 3 of the 5 are free.
    for (int i = 0; i < 3; i++) {
      assertThat(budget.tryReserve()).isZero();
    }
    assertThat(budget.tryReserve()).isEqualTo(Duration.ofMillis(30_000));
  }

  @Test
  void an_answer_subtracts_older_requests_answered_before_it_that_it_may_not_count() {
    AccountBudget.Reservation first = budget.reserve();
    AccountBudget.Reservation second = otherNode.reserve();

    // The first reached the server after the second but answered sooner: the second's figure,
    // applied after it, does not count it.
    budget.answered(first.seq(), 5, 30_000L);
    otherNode.answered(second.seq(), 2, 30_000L);

    assertThat(budget.tryReserve()).isZero();
    assertThat(budget.tryReserve()).isEqualTo(Duration.ofMillis(30_000));
  }

  @Test
  void a_probe_whose_answer_is_slow_is_not_followed_by_a_second_probe() {
    budget.tryReserve();
    budget.answered(0, 10_000L);
    clock.advance(Duration.ofSeconds(10));
    assertThat(budget.tryReserve()).isZero(); // the probe, not answered yet

    clock.advance(Duration.ofMillis(AccountBudget.PROBE_HOLD_MS + 500));
    assertThat(otherNode.tryReserve()).isEqualTo(Duration.ofMillis(AccountBudget.PROBE_HOLD_MS));
    // An unanswered request older than the answer wait does not hold the account back.
    clock.advance(Duration.ofMillis(AccountBudget.ANSWER_WAIT_MS));
    assertThat(otherNode.tryReserve()).isZero();
  }
}
