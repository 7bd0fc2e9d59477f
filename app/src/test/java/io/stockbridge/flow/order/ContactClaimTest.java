package io.stockbridge.flow.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.Secret;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.connector.brightpearl.BrightpearlAuth;
import io.stockbridge.connector.brightpearl.BrightpearlClient;
import io.stockbridge.connector.brightpearl.BrightpearlOrders;
import io.stockbridge.connector.brightpearl.BrightpearlSettings;
import io.stockbridge.order.OrderStore;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulator;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulatorOptions;
import io.stockbridge.simulator.brightpearl.SimFaults;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestConfigs;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new customer's Brightpearl contact is created once when two nodes take two of its orders at the
 * same time: each node has its own {@link ContactDirectory} (and its own locks), the database and
 * Brightpearl are shared. The simulator answers slowly so that both nodes are between their contact
 * search and their creation at once.
 */
class ContactClaimTest {
  @TempDir Path dir;

  private final Clock clock = Clock.systemUTC();
  private BrightpearlSimulator simulator;
  private Storage storage;
  private final List<BrightpearlClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    simulator = BrightpearlSimulator.start(BrightpearlSimulatorOptions.builder().build());
    StockbridgeConfig config =
        TestConfigs.config(
            TestDatabases.sqliteUrl(dir),
            """
            warehouse:
              account: acme
              datacentre: euw1
              appRef: app
              accountToken: tok
            stores:
              shop:
                accessToken: shpat_1
                locations: {Main: [1]}
            """);
    storage = StorageFactory.open(config.database(), clock);
    storage.migrate();
  }

  @AfterEach
  void stop() {
    clients.forEach(BrightpearlClient::close);
    if (storage != null) {
      storage.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  private ContactDirectory node() {
    BrightpearlClient client =
        new BrightpearlClient(
            BrightpearlSettings.builder()
                .baseUrl(simulator.baseUrl())
                .accountCode(simulator.options().accountCode())
                .auth(
                    new BrightpearlAuth.OAuth(
                        Secret.of("sim-oauth-token"),
                        simulator.options().appRef(),
                        simulator.options().devRef()))
                .requestTimeout(Duration.ofSeconds(10))
                .build(),
            new InMemoryBudgetStateStore());
    clients.add(client);
    return new ContactDirectory(storage.orders(), new BrightpearlOrders(client), clock);
  }

  /** Asks until the other node's claim has ended (each Claimed is a retry later in the queue). */
  private static long contactOf(ContactDirectory node, String email, long receivedAt) {
    long[] contact = {0};
    Eventually.await(
        "the other node's claim to end",
        Duration.ofSeconds(30),
        () -> {
          try {
            contact[0] =
                node.contactFor(OrderIn.emailHash(email), email, "New", "Buyer", receivedAt);
            return true;
          } catch (ContactDirectory.Claimed e) {
            return false;
          }
        });
    return contact[0];
  }

  @Test
  void two_nodes_taking_orders_of_one_new_customer_at_once_create_one_contact() throws Exception {
    // Every request takes 300 ms: both nodes search, find nothing and would create.
    simulator.faults().set(new SimFaults.Settings(0, 500, 300, 300, 0, 0, 0, false, 0, 0, 0, 1));
    ContactDirectory first = node();
    ContactDirectory second = node();
    String email = "new.buyer@example.com";
    long receivedAt = clock.millis();
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      List<CompletableFuture<Long>> contacts = new ArrayList<>();
      for (ContactDirectory node : List.of(first, second)) {
        contacts.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  return contactOf(node, email, receivedAt);
                },
                threads));
      }
      go.countDown();
      long a = contacts.get(0).get();
      long b = contacts.get(1).get();
      assertThat(a).isEqualTo(b);
    }
    assertThat(simulator.orders().contactsByEmail(email)).hasSize(1);
    assertThat(storage.orders().contact(OrderIn.emailHash(email))).isPresent();
  }

  @Test
  void a_claim_its_holder_left_unsettled_is_taken_over_with_a_search_not_a_second_contact() {
    ContactDirectory survivor = node();
    long before = clock.millis();
    contactOf(survivor, "earlier@example.com", before); // the survivor's first search
    String email = "lost.answer@example.com";
    String hash = OrderIn.emailHash(email);
    // A node claimed this customer, created the contact and died before caching it.
    long now = clock.millis();
    assertThat(storage.orders().claimContact(hash, "dead-node", now - 10_000, now - 1))
        .isEqualTo(OrderStore.ContactClaim.CLAIMED);
    long created = new BrightpearlOrders(clients.get(0)).createContact(email, "Lost", "Answer");

    // The order came before the survivor's search; the contact came after it.
    assertThat(contactOf(survivor, email, before)).isEqualTo(created);
    assertThat(simulator.orders().contactsByEmail(email)).hasSize(1);
  }

  @Test
  void a_running_claim_of_another_node_is_held_and_its_own_renewed() {
    OrderStore orders = storage.orders();
    long now = clock.millis();
    assertThat(orders.claimContact("h", "node-a", now, now + 60_000))
        .isEqualTo(OrderStore.ContactClaim.CLAIMED);
    assertThat(orders.claimContact("h", "node-b", now, now + 60_000))
        .isEqualTo(OrderStore.ContactClaim.HELD);
    assertThat(orders.claimContact("h", "node-a", now + 1, now + 60_001))
        .isEqualTo(OrderStore.ContactClaim.CLAIMED);
    orders.releaseContactClaim("h", "node-a", false);
    assertThat(orders.claimContact("h", "node-b", now + 2, now + 60_002))
        .isEqualTo(OrderStore.ContactClaim.TAKEN_OVER);
    orders.releaseContactClaim("h", "node-b", true);
    assertThat(orders.claimContact("h", "node-a", now + 3, now + 60_003))
        .isEqualTo(OrderStore.ContactClaim.CLAIMED);
  }
}
