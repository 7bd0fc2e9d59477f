package io.stockbridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.demo.NodeProcess;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.flow.reconcile.Reconciliation;
import io.stockbridge.simulator.brightpearl.SimCounters;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.Slow;
import io.stockbridge.testhelper.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes on one PostgreSQL (the lab's node in this process, two more in processes of their
 * own) take a warehouse import's burst of on-hand webhooks for two stores, spread over them as a
 * load balancer would; one of them is killed with SIGKILL mid-burst. Every acknowledged change
 * reaches both stores (the killed node's items finished by the others), no level is written twice
 * with the same figure beyond what the killed node left unsettled, the shared API budgets are never
 * exceeded (0 THROTTLED on either simulator), and the nightly reconciliation is run by exactly one
 * node.
 */
@OnPostgres
@EndToEnd
@Slow
class ThreeNodesOnePostgresTest {
  private static final int SKUS = 300;
  private static final int WAREHOUSES = 3;
  private static final String PATH =
      "/webhooks/brightpearl/" + SyncLab.ACCOUNT + "?secret=" + SyncLab.WEBHOOK_SECRET;

  @TempDir Path dir;

  @Test
  void three_nodes_share_a_burst_one_is_killed_and_every_change_is_written_once_unthrottled()
      throws Exception {
    String url = TestDatabases.createPostgresSchema();
    // The nightly run is due shortly after the nodes start, once the burst has settled.
    LocalTime nightly = LocalTime.now(ZoneOffset.UTC).plusSeconds(75).withNano(0);
    String extra =
        """
        queue:
          leaseSeconds: 4
          claimBatch: 200
        reconcile:
          at: "%s"
        """
            .formatted(nightly.format(DateTimeFormatter.ISO_LOCAL_TIME));
    try (SyncLab lab =
        SyncLab.start(
            new SyncLab.Spec(
                SKUS,
                WAREHOUSES,
                List.of(
                    new SyncLab.StoreSpec("shop-a", Map.of("Main", List.of(1L, 2L)), ""),
                    SyncLab.StoreSpec.of("shop-b", "Main", 3L)),
                url,
                dir,
                extra))) {
      lab.seedStoresInSync();
      lab.warmCaches();
      NodeProcess second = lab.startNode("lab-node-2");
      NodeProcess third = lab.startNode("lab-node-3");
      lab.setApiLatency(30);
      lab.brightpearl().resetRateLimit();
      lab.brightpearl().counters().reset();
      lab.shopify().counters().reset();
      SyncLab.LevelWrites before = lab.levelWrites();

      // The import: a new on-hand figure per SKU and warehouse, then one webhook each.
      Random random = new Random(11);
      List<long[]> changes = new ArrayList<>();
      for (SimData.Product product : lab.brightpearl().catalog().allProducts()) {
        for (long warehouse = 1; warehouse <= WAREHOUSES; warehouse++) {
          changes.add(new long[] {product.id(), warehouse, 1 + random.nextInt(500)});
        }
      }
      for (long[] change : changes) {
        lab.brightpearl().catalog().setOnHand(change[0], change[1], change[2]);
      }
      List<Target> nodes =
          List.of(
              new Target("lab-node", lab.node().port(), null),
              new Target("lab-node-2", second.port(), second),
              new Target("lab-node-3", third.port(), third));
      int acknowledged = sendKillingMidway(nodes, changes, second);

      assertThat(acknowledged).isEqualTo(changes.size());
      lab.awaitConsistent(Duration.ofMinutes(4));
      SyncLab.LevelWrites writes = lab.levelWrites().since(before);
      Map<String, Long> statuses = eventStatuses(url);
      List<String> rescuedProducts = productsLeftByKilledNode(url);
      long rescued = rescuedProducts.size();
      java.util.Set<String> rescuedSkus = new java.util.HashSet<>();
      for (SimData.Product product : lab.brightpearl().catalog().allProducts()) {
        if (rescuedProducts.contains(String.valueOf(product.id()))) {
          rescuedSkus.add(product.sku());
        }
      }
      Map<String, Integer> repeatedBySku = lab.repeatedWritesBySku();

      assertThat(statuses).containsOnlyKeys("SUCCEEDED");
      assertThat(statuses.get("SUCCEEDED")).isEqualTo(changes.size());
      assertThat(lab.drift("shop-a")).isEmpty();
      assertThat(lab.drift("shop-b")).isEmpty();
      assertThat(lab.shopify().counters().get("throttled")).isZero();
      assertThat(lab.brightpearl().counters().get(SimCounters.THROTTLED)).isZero();
      // Each SKU changes at most twice at shop-a (two warehouses) and once at shop-b.
      assertThat(writes.writes()).isBetween((long) 2 * SKUS, (long) 3 * SKUS);
      // A write that set a figure the level already had is a change written twice: only a write
      // the killed node made and could not record may be made again by the node that finished it.
      assertThat(rescued).as("items the killed node left to the others").isPositive();
      assertThat(repeatedBySku.keySet())
          .as("SKUs written twice with the same figure")
          .isSubsetOf(rescuedSkus);
      assertThat(second.isAlive()).isFalse();

      // The nightly run: requested and run by exactly one of the nodes still up.
      Eventually.await(
          "the nightly reconciliation completed",
          Duration.ofMinutes(3),
          () ->
              lab.node().storage().reconciliations().list(null, 50).stream()
                  .anyMatch(
                      r ->
                          r.requestedBy().equals("schedule")
                              && r.status() == Reconciliation.Status.COMPLETED));
      // A second leader's tick would have requested another within seconds.
      Thread.sleep(Duration.ofSeconds(12));
      List<Reconciliation> scheduled =
          lab.node().storage().reconciliations().list(null, 50).stream()
              .filter(r -> r.requestedBy().equals("schedule"))
              .toList();
      assertThat(scheduled).hasSize(1);
      System.out.printf(
          "three nodes: %d webhooks, %d level writes (%d repeating the one before, on %d SKUs; %d products rescued"
              + " from the killed node), statuses %s%n",
          changes.size(),
          writes.writes(),
          writes.repeated(),
          repeatedBySku.size(),
          rescued,
          statuses);
    } finally {
      TestDatabases.dropPostgresSchema(url);
    }
  }

  private record Target(String nodeId, int port, NodeProcess process) {}

  /**
   * Sends every change's webhook, round-robin over the nodes still up (a load balancer: a refused
   * connection goes to the next node), and SIGKILLs {@code victim} once half are sent. Returns how
   * many were acknowledged with a 2xx.
   */
  private static int sendKillingMidway(List<Target> nodes, List<long[]> changes, NodeProcess victim)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger acknowledged = new AtomicInteger();
    int half = changes.size() / 2;
    ExecutorService senders = Executors.newFixedThreadPool(12);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < changes.size(); i++) {
        int index = i;
        done.add(
            senders.submit(
                () -> {
                  if (sent.incrementAndGet() == half) {
                    victim.kill();
                  }
                  for (int attempt = 0; attempt < nodes.size() * 3; attempt++) {
                    Target target = nodes.get((index + attempt) % nodes.size());
                    if (target.process() != null && !target.process().isAlive()) {
                      continue;
                    }
                    if (post(client, target.port(), body(changes.get(index)[0], index))) {
                      acknowledged.incrementAndGet();
                      return null;
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      senders.shutdownNow();
    }
    return acknowledged.get();
  }

  private static boolean post(HttpClient client, int port, String body) {
    try {
      HttpResponse<Void> answer =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                  .timeout(Duration.ofSeconds(20))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return answer.statusCode() / 100 == 2;
    } catch (IOException e) {
      return false; // the node is down or died mid-request: the balancer tries another
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String body(long productId, int n) {
    return "{\"accountCode\":\""
        + SyncLab.ACCOUNT
        + "\",\"resourceType\":\"product\",\"id\":\""
        + productId
        + "\",\"lifecycleEvent\":\"modified\",\"resourceSpecifier\":\"on-hand-modified\","
        + "\"raisedOn\":\"import-"
        + n
        + "\"}";
  }

  private static Map<String, Long> eventStatuses(String url) throws SQLException {
    Map<String, Long> statuses = new java.util.TreeMap<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT UPPER(status), COUNT(*) FROM events WHERE source = 'brightpearl'"
                    + " GROUP BY UPPER(status)")) {
      while (rows.next()) {
        statuses.put(rows.getString(1), rows.getLong(2));
      }
    }
    return statuses;
  }

  /**
   * The products (event keys) of events the killed node started (a processing step in its name) and
   * another node finished: the work the others took over.
   */
  private static List<String> productsLeftByKilledNode(String url) throws SQLException {
    List<String> products = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT DISTINCT e.event_key FROM events e JOIN event_history h"
                    + " ON h.event_id = e.id"
                    + " WHERE h.node = 'lab-node-2' AND UPPER(h.status) = 'PROCESSING'"
                    + " AND EXISTS (SELECT 1 FROM event_history d WHERE d.event_id = h.event_id"
                    + " AND UPPER(d.status) = 'SUCCEEDED' AND d.node <> 'lab-node-2')")) {
      while (rows.next()) {
        products.add(rows.getString(1));
      }
    }
    return products;
  }
}
