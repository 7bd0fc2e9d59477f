package io.stockbridge.store.jdbc;

import io.stockbridge.order.OrderStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link OrderStore} on JDBC (tables of migration V21). Thread-safe. */
final class JdbcOrders implements OrderStore {
  private static final int CHUNK = 500;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final String HELD =
      "(l.state IN ('accepted', 'parked') OR (l.state = 'in_brightpearl' AND l.reflected_at >= ?))";

  private final Jdbc jdbc;

  JdbcOrders(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public OrderLink accept(OrderLink link, List<OrderLine> lines, long now) {
    return jdbc.transaction(
        connection -> {
          Optional<OrderLink> known = find(connection, link.store(), link.shopifyOrderId());
          if (known.isPresent()) {
            return known.get();
          }
          Jdbc.update(
              connection,
              "INSERT INTO order_links (store, shopify_order_id, order_name, email_hash, state,"
                  + " shopify_updated_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              link.store(),
              link.shopifyOrderId(),
              link.orderName(),
              link.emailHash(),
              State.ACCEPTED.column(),
              link.shopifyUpdatedAt(),
              now,
              now);
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO order_lines (store, shopify_order_id, line_id, sku, quantity)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            for (OrderLine line : lines) {
              Jdbc.bind(
                  insert,
                  link.store(),
                  link.shopifyOrderId(),
                  line.lineId(),
                  line.sku(),
                  line.quantity());
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return find(connection, link.store(), link.shopifyOrderId()).orElseThrow();
        });
  }

  @Override
  public Optional<OrderLink> find(String store, String shopifyOrderId) {
    return jdbc.read(connection -> find(connection, store, shopifyOrderId));
  }

  private static Optional<OrderLink> find(Connection connection, String store, String orderId)
      throws SQLException {
    List<OrderLink> found =
        links(
            connection,
            "SELECT * FROM order_links WHERE store = ? AND shopify_order_id = ?",
            store,
            orderId);
    return found.stream().findFirst();
  }

  @Override
  public List<OrderLine> lines(String store, String shopifyOrderId) {
    return jdbc.read(
        connection -> {
          List<OrderLine> lines = new ArrayList<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT * FROM order_lines WHERE store = ? AND shopify_order_id = ?"
                      + " ORDER BY line_id")) {
            Jdbc.bind(statement, store, shopifyOrderId);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                lines.add(
                    new OrderLine(
                        rs.getString("line_id"),
                        rs.getString("sku"),
                        rs.getInt("quantity"),
                        Jdbc.nullableLong(rs, "brightpearl_product_id"),
                        Jdbc.nullableLong(rs, "brightpearl_row_id")));
              }
            }
          }
          return lines;
        });
  }

  @Override
  public Optional<OrderLink> byBrightpearlOrder(long brightpearlOrderId) {
    return jdbc.read(
        connection ->
            links(
                    connection,
                    "SELECT * FROM order_links WHERE brightpearl_order_id = ?",
                    brightpearlOrderId)
                .stream()
                .findFirst());
  }

  @Override
  public List<OrderLink> byName(String orderName) {
    return jdbc.read(
        connection ->
            links(
                connection,
                "SELECT * FROM order_links WHERE order_name = ? ORDER BY store",
                orderName));
  }

  @Override
  public List<OrderLink> byEmailHash(String emailHash, int limit) {
    return jdbc.read(
        connection ->
            links(
                connection,
                "SELECT * FROM order_links WHERE email_hash = ?"
                    + " ORDER BY created_at DESC, store, shopify_order_id LIMIT ?",
                emailHash,
                limit));
  }

  @Override
  public List<OrderLink> bySku(String sku, int limit) {
    return jdbc.read(
        connection ->
            links(
                connection,
                "SELECT * FROM order_links l WHERE (l.store, l.shopify_order_id) IN"
                    + " (SELECT x.store, x.shopify_order_id FROM order_lines x WHERE x.sku = ?)"
                    + " ORDER BY l.created_at DESC, l.store, l.shopify_order_id LIMIT ?",
                sku,
                limit));
  }

  @Override
  public void park(String store, String shopifyOrderId, String sku, long now) {
    jdbc.transaction(
        connection ->
            Jdbc.update(
                connection,
                "UPDATE order_links SET state = 'parked', parked_sku = ?, updated_at = ?"
                    + " WHERE store = ? AND shopify_order_id = ? AND state IN ('accepted', 'parked')",
                sku,
                now,
                store,
                shopifyOrderId));
  }

  @Override
  public int beginCreate(String store, String shopifyOrderId, long now) {
    return jdbc.transaction(
        connection -> {
          int before;
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT create_attempts FROM order_links WHERE store = ? AND shopify_order_id = ?")) {
            Jdbc.bind(statement, store, shopifyOrderId);
            try (ResultSet rs = statement.executeQuery()) {
              before = rs.next() ? rs.getInt(1) : 0;
            }
          }
          Jdbc.update(
              connection,
              "UPDATE order_links SET create_attempts = create_attempts + 1, updated_at = ?"
                  + " WHERE store = ? AND shopify_order_id = ?",
              now,
              store,
              shopifyOrderId);
          return before;
        });
  }

  @Override
  public void reflected(
      String store,
      String shopifyOrderId,
      long brightpearlOrderId,
      long contactId,
      Map<String, Long> productsByLine,
      Map<String, Long> rowsByLine,
      long now) {
    jdbc.transaction(
        connection -> {
          Jdbc.update(
              connection,
              "UPDATE order_links SET state = CASE WHEN state = 'cancelled' THEN state"
                  + " ELSE 'in_brightpearl' END, parked_sku = NULL, brightpearl_order_id = ?,"
                  + " brightpearl_contact_id = ?, reflected_at = ?, updated_at = ?"
                  + " WHERE store = ? AND shopify_order_id = ?",
              brightpearlOrderId,
              contactId,
              now,
              now,
              store,
              shopifyOrderId);
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE order_lines SET brightpearl_product_id = ?, brightpearl_row_id = ?"
                      + " WHERE store = ? AND shopify_order_id = ? AND line_id = ?")) {
            for (Map.Entry<String, Long> line : productsByLine.entrySet()) {
              Jdbc.bind(
                  update,
                  line.getValue(),
                  rowsByLine.get(line.getKey()),
                  store,
                  shopifyOrderId,
                  line.getKey());
              update.addBatch();
            }
            update.executeBatch();
          }
          OrderLink link = find(connection, store, shopifyOrderId).orElseThrow();
          if (link.emailHash() != null) {
            putContact(connection, link.emailHash(), contactId, now);
          }
          return null;
        });
  }

  @Override
  public void setPayment(String store, String shopifyOrderId, long paymentId, long now) {
    jdbc.transaction(
        connection ->
            Jdbc.update(
                connection,
                "UPDATE order_links SET payment_id = ?, updated_at = ?"
                    + " WHERE store = ? AND shopify_order_id = ?",
                paymentId,
                now,
                store,
                shopifyOrderId));
  }

  @Override
  public void setState(String store, String shopifyOrderId, State state, long now) {
    jdbc.transaction(
        connection ->
            Jdbc.update(
                connection,
                "UPDATE order_links SET state = ?, updated_at = ?"
                    + " WHERE store = ? AND shopify_order_id = ?",
                state.column(),
                now,
                store,
                shopifyOrderId));
  }

  @Override
  public Optional<Long> contact(String emailHash) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT contact_id FROM order_contacts WHERE email_hash = ?")) {
            Jdbc.bind(statement, emailHash);
            try (ResultSet rs = statement.executeQuery()) {
              return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public void putContact(String emailHash, long contactId, long now) {
    jdbc.transaction(
        connection -> {
          putContact(connection, emailHash, contactId, now);
          return null;
        });
  }

  @Override
  public ContactClaim claimContact(String emailHash, String owner, long now, long expiresAt) {
    return jdbc.transaction(
        connection -> {
          boolean expired = false;
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT expires_at FROM order_contact_claims WHERE email_hash = ?")) {
            Jdbc.bind(statement, emailHash);
            try (ResultSet rs = statement.executeQuery()) {
              expired = rs.next() && rs.getLong(1) <= now;
            }
          }
          // Inserted, renewed by its owner, or taken over once expired; else another holds it
          // (on PostgreSQL a concurrent insert waits for the first to commit, then finds it).
          int claimed =
              Jdbc.update(
                  connection,
                  "INSERT INTO order_contact_claims (email_hash, owner, claimed_at, expires_at)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (email_hash) DO UPDATE SET"
                      + " owner = excluded.owner, claimed_at = excluded.claimed_at,"
                      + " expires_at = excluded.expires_at"
                      + " WHERE order_contact_claims.owner = excluded.owner"
                      + " OR order_contact_claims.expires_at <= excluded.claimed_at",
                  emailHash,
                  owner,
                  now,
                  expiresAt);
          if (claimed == 0) {
            return ContactClaim.HELD;
          }
          return expired ? ContactClaim.TAKEN_OVER : ContactClaim.CLAIMED;
        });
  }

  @Override
  public void releaseContactClaim(String emailHash, String owner, boolean settled) {
    jdbc.transaction(
        connection ->
            Jdbc.update(
                connection,
                settled
                    ? "DELETE FROM order_contact_claims WHERE email_hash = ? AND owner = ?"
                    : "UPDATE order_contact_claims SET expires_at = 0"
                        + " WHERE email_hash = ? AND owner = ?",
                emailHash,
                owner));
  }

  @Override
  public void learnContacts(Map<String, Long> contactsByEmailHash, long now) {
    if (contactsByEmailHash.isEmpty()) {
      return;
    }
    jdbc.transaction(
        connection -> {
          for (Map.Entry<String, Long> contact : contactsByEmailHash.entrySet()) {
            Jdbc.update(
                connection,
                "INSERT INTO order_contacts (email_hash, contact_id, created_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (email_hash) DO NOTHING",
                contact.getKey(),
                contact.getValue(),
                now);
          }
          return null;
        });
  }

  private static void putContact(Connection connection, String hash, long contactId, long now)
      throws SQLException {
    Jdbc.update(
        connection,
        "INSERT INTO order_contacts (email_hash, contact_id, created_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (email_hash) DO UPDATE SET contact_id = excluded.contact_id",
        hash,
        contactId,
        now);
  }

  @Override
  public boolean recordAction(
      String store, String actionKey, String shopifyOrderId, String result, long now) {
    return jdbc.transaction(
        connection ->
            Jdbc.update(
                    connection,
                    "INSERT INTO order_actions (store, action_key, shopify_order_id, result,"
                        + " created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (store, action_key)"
                        + " DO NOTHING",
                    store,
                    actionKey,
                    shopifyOrderId,
                    result,
                    now)
                == 1);
  }

  @Override
  public Optional<String> action(String store, String actionKey) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT result FROM order_actions WHERE store = ? AND action_key = ?")) {
            Jdbc.bind(statement, store, actionKey);
            try (ResultSet rs = statement.executeQuery()) {
              return rs.next() ? Optional.of(String.valueOf(rs.getString(1))) : Optional.empty();
            }
          }
        });
  }

  @Override
  public Map<String, String> actions(String store, String shopifyOrderId) {
    return jdbc.read(
        connection -> {
          Map<String, String> actions = new LinkedHashMap<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT action_key, result FROM order_actions WHERE store = ?"
                      + " AND shopify_order_id = ? ORDER BY created_at, action_key")) {
            Jdbc.bind(statement, store, shopifyOrderId);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                actions.put(rs.getString(1), rs.getString(2));
              }
            }
          }
          return actions;
        });
  }

  @Override
  public Map<String, Integer> inFlight(String store, Collection<String> skus, long readStartedAt) {
    Map<String, Integer> held = new HashMap<>();
    List<String> all = List.copyOf(skus);
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      List<Object> values = new ArrayList<>();
      values.add(store);
      values.add(readStartedAt);
      values.addAll(chunk);
      held.putAll(
          jdbc.read(
              connection ->
                  sums(
                      connection,
                      "SELECT o.sku, SUM(o.quantity) FROM order_lines o JOIN order_links l"
                          + " ON l.store = o.store AND l.shopify_order_id = o.shopify_order_id"
                          + " WHERE o.store = ? AND "
                          + HELD
                          + " AND o.sku IN ("
                          + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"))
                          + ") GROUP BY o.sku",
                      values.toArray())));
    }
    return held;
  }

  @Override
  public Map<String, Integer> received(String store, String shopDomain, Collection<String> skus) {
    if (skus.isEmpty()) {
      return Map.of();
    }
    java.util.Set<String> wanted = new java.util.HashSet<>(skus);
    Map<String, Integer> held = new HashMap<>();
    List<String> all = List.copyOf(wanted);
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      List<Object> values = new ArrayList<>();
      values.add(shopDomain);
      values.add(store);
      values.addAll(chunk);
      List<byte[]> bodies =
          jdbc.read(
              connection -> {
                List<byte[]> found = new ArrayList<>();
                try (PreparedStatement statement =
                    connection.prepareStatement(
                        "SELECT DISTINCT p.event_id, p.body FROM event_names n"
                            + " JOIN events e ON e.id = n.event_id"
                            + " JOIN event_payloads p ON p.event_id = e.id"
                            + " WHERE e.source = 'shopify' AND e.type = 'orders/create'"
                            + " AND e.store = ? AND e.status IN ('received', 'queued',"
                            + " 'processing', 'waiting', 'retrying')"
                            + " AND NOT EXISTS (SELECT 1 FROM order_links l WHERE l.store = ?"
                            + " AND l.shopify_order_id = e.event_key)"
                            + " AND n.kind = 'sku' AND n.value IN ("
                            + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"))
                            + ")")) {
                  Jdbc.bind(statement, values.toArray());
                  try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                      found.add(rs.getBytes(2));
                    }
                  }
                }
                return found;
              });
      for (byte[] body : bodies) {
        try {
          for (com.fasterxml.jackson.databind.JsonNode line :
              JSON.readTree(body).path("line_items")) {
            String sku = line.path("sku").asText(null);
            if (sku != null && wanted.contains(sku.strip())) {
              held.merge(sku.strip(), line.path("quantity").asInt(), Integer::sum);
            }
          }
        } catch (java.io.IOException e) {
          // A body that is no JSON names no line: the order flow will dead-letter it.
        }
      }
    }
    return held;
  }

  @Override
  public Reservations reservations(
      String store, String shopDomain, Collection<String> skus, long readStartedAt) {
    Map<String, Integer> held = new HashMap<>();
    Map<String, Long> received = new HashMap<>();
    List<String> all = List.copyOf(new java.util.LinkedHashSet<>(skus));
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      java.util.Set<String> wanted = new java.util.HashSet<>(chunk);
      String in = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
      List<Object> values = new ArrayList<>();
      values.add(readStartedAt);
      values.add(store);
      values.addAll(chunk);
      values.add(shopDomain);
      values.add(store);
      values.addAll(chunk);
      // One statement, one snapshot: an order accepted meanwhile is either a stored event (the
      // second part) or lines (the first), never both or neither.
      String sql =
          "SELECT o.sku, SUM(CASE WHEN "
              + HELD
              + " THEN o.quantity ELSE 0 END), SUM(o.quantity), NULL FROM order_lines o"
              + " JOIN order_links l ON l.store = o.store AND l.shopify_order_id ="
              + " o.shopify_order_id WHERE o.store = ? AND o.sku IN ("
              + in
              + ") GROUP BY o.sku"
              + " UNION ALL SELECT NULL, 0, 0, p.body FROM events e"
              + " JOIN event_payloads p ON p.event_id = e.id"
              + " WHERE e.source = 'shopify' AND e.type = 'orders/create'"
              + " AND e.store = ? AND e.status IN ('received', 'queued',"
              + " 'processing', 'waiting', 'retrying')"
              + " AND NOT EXISTS (SELECT 1 FROM order_links l WHERE l.store = ?"
              + " AND l.shopify_order_id = e.event_key)"
              + " AND EXISTS (SELECT 1 FROM event_names n WHERE n.event_id = e.id"
              + " AND n.kind = 'sku' AND n.value IN ("
              + in
              + "))";
      List<byte[]> bodies = new ArrayList<>();
      jdbc.read(
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              Jdbc.bind(statement, values.toArray());
              try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                  String sku = rs.getString(1);
                  if (sku != null) {
                    held.merge(sku, (int) rs.getLong(2), Integer::sum);
                    received.merge(sku, rs.getLong(3), Long::sum);
                  } else {
                    bodies.add(rs.getBytes(4));
                  }
                }
              }
            }
            return null;
          });
      for (byte[] body : bodies) {
        try {
          for (com.fasterxml.jackson.databind.JsonNode line :
              JSON.readTree(body).path("line_items")) {
            String sku = line.path("sku").asText(null);
            if (sku != null && wanted.contains(sku.strip())) {
              int units = line.path("quantity").asInt();
              held.merge(sku.strip(), units, Integer::sum);
              received.merge(sku.strip(), (long) units, Long::sum);
            }
          }
        } catch (java.io.IOException e) {
          // A body that is no JSON names no line: the order flow will dead-letter it.
        }
      }
    }
    held.values().removeIf(units -> units == 0);
    return new Reservations(held, received);
  }

  @Override
  public Map<String, Integer> allInFlight(String store, long readStartedAt) {
    return jdbc.read(
        connection ->
            sums(
                connection,
                "SELECT o.sku, SUM(o.quantity) FROM order_lines o JOIN order_links l"
                    + " ON l.store = o.store AND l.shopify_order_id = o.shopify_order_id"
                    + " WHERE o.store = ? AND "
                    + HELD
                    + " AND o.sku IS NOT NULL GROUP BY o.sku",
                store,
                readStartedAt));
  }

  private static Map<String, Integer> sums(Connection connection, String sql, Object... values)
      throws SQLException {
    Map<String, Integer> sums = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      Jdbc.bind(statement, values);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          sums.put(rs.getString(1), (int) rs.getLong(2));
        }
      }
    }
    return sums;
  }

  @Override
  public List<OrderLink> parkedOn(Collection<String> skus) {
    if (skus.isEmpty()) {
      return List.of();
    }
    List<String> all = List.copyOf(skus);
    List<OrderLink> found = new ArrayList<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      found.addAll(
          jdbc.read(
              connection ->
                  links(
                      connection,
                      "SELECT * FROM order_links WHERE state = 'parked' AND parked_sku IN ("
                          + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"))
                          + ")",
                      chunk.toArray())));
    }
    return found;
  }

  @Override
  public List<String> parkedSkus() {
    return jdbc.read(
        connection -> {
          List<String> skus = new ArrayList<>();
          try (PreparedStatement statement =
                  connection.prepareStatement(
                      "SELECT DISTINCT parked_sku FROM order_links WHERE state = 'parked'"
                          + " AND parked_sku IS NOT NULL");
              ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              skus.add(rs.getString(1));
            }
          }
          return skus;
        });
  }

  @Override
  public Optional<String> cursor(String store) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement("SELECT updated_at FROM order_cursors WHERE store = ?")) {
            Jdbc.bind(statement, store);
            try (ResultSet rs = statement.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public void putCursor(String store, String updatedAt) {
    jdbc.transaction(
        connection ->
            Jdbc.update(
                connection,
                "INSERT INTO order_cursors (store, updated_at) VALUES (?, ?)"
                    + " ON CONFLICT (store) DO UPDATE SET updated_at = CASE"
                    + " WHEN excluded.updated_at > order_cursors.updated_at"
                    + " THEN excluded.updated_at ELSE order_cursors.updated_at END",
                store,
                updatedAt));
  }

  @Override
  public Map<State, Long> countByState(String store) {
    return jdbc.read(
        connection -> {
          Map<State, Long> counts = new EnumMap<>(State.class);
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT state, COUNT(*) FROM order_links WHERE store = ? GROUP BY state")) {
            Jdbc.bind(statement, store);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                counts.put(State.of(rs.getString(1)), rs.getLong(2));
              }
            }
          }
          return counts;
        });
  }

  private static List<OrderLink> links(Connection connection, String sql, Object... values)
      throws SQLException {
    List<OrderLink> links = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      Jdbc.bind(statement, values);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          links.add(
              new OrderLink(
                  rs.getString("store"),
                  rs.getString("shopify_order_id"),
                  rs.getString("order_name"),
                  rs.getString("email_hash"),
                  State.of(rs.getString("state")),
                  rs.getString("parked_sku"),
                  Jdbc.nullableLong(rs, "brightpearl_order_id"),
                  Jdbc.nullableLong(rs, "brightpearl_contact_id"),
                  Jdbc.nullableLong(rs, "payment_id"),
                  Jdbc.nullableLong(rs, "reflected_at"),
                  rs.getString("shopify_updated_at"),
                  rs.getLong("created_at"),
                  rs.getLong("updated_at")));
        }
      }
    }
    return links;
  }
}
