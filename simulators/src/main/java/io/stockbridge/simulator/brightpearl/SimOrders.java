package io.stockbridge.simulator.brightpearl;

import io.stockbridge.idset.IdSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The simulator's order side: contacts, sales orders with rows (created atomically, allocating
 * their stock), status changes (the cancelled status frees the allocation), customer payments,
 * sales credits (a goods-in on a credit restocks) and goods-out notes (shipping one takes its stock
 * out). Changes raise the webhooks the real account would: {@code sales-order.created}, {@code
 * product.modified.on-hand-modified} for allocations and stock moves, and {@code
 * goods-out-note.modified.shipped}. Thread-safe: every method holds this object's lock.
 */
public final class SimOrders {
  public static final String SALES_ORDER_CREATED = "sales-order.created";
  public static final String GOODS_OUT_SHIPPED = "goods-out-note.modified.shipped";

  /** The order status id that cancels (the simulated account's "Cancelled"). */
  public static final long CANCELLED_STATUS = 5;

  /** A contact: id, primary email, names, and when it was created and last updated. */
  public record Contact(
      long id,
      String email,
      String firstName,
      String lastName,
      java.time.Instant createdOn,
      java.time.Instant updatedOn) {}

  /** A row: product (null for a free-text row such as shipping), quantity, net and tax. */
  public record Row(
      long id,
      Long productId,
      String name,
      int quantity,
      BigDecimal net,
      BigDecimal tax,
      String taxCode) {}

  /**
   * A sales order or sales credit ({@code credit}); {@code parentId} links a credit to its order.
   */
  public record Order(
      long id,
      boolean credit,
      long customerId,
      String ref,
      String externalRef,
      long channelId,
      long warehouseId,
      long statusId,
      String currency,
      Long parentId,
      List<Row> rows,
      Map<Long, Integer> allocated,
      String placedOn) {
    long orderStatusIdText() {
      return statusId;
    }

    Order withStatus(long status, Map<Long, Integer> newAllocation) {
      return new Order(
          id,
          credit,
          customerId,
          ref,
          externalRef,
          channelId,
          warehouseId,
          status,
          currency,
          parentId,
          rows,
          newAllocation,
          placedOn);
    }
  }

  /** A payment recorded against an order. */
  public record Payment(
      long id,
      String transactionRef,
      String paymentMethodCode,
      String paymentType,
      long orderId,
      String currency,
      BigDecimal amountPaid) {}

  /** A goods-out note: the products and quantities of one order shipped from one warehouse. */
  public record GoodsOutNote(
      long id,
      long orderId,
      long warehouseId,
      Map<Long, Integer> products,
      boolean shipped,
      String shippingMethod,
      String trackingReference) {}

  private final SimCatalog catalog;
  private final java.time.InstantSource clock;
  private final WebhookDispatcher webhooks;
  private final long cancelledStatusId;
  private final TreeMap<Long, Contact> contacts = new TreeMap<>();
  private final TreeMap<Long, Order> orders = new TreeMap<>();
  private final TreeMap<Long, Payment> payments = new TreeMap<>();
  private final TreeMap<Long, GoodsOutNote> notes = new TreeMap<>();
  private long lastContactId = 200;
  private long lastOrderId = 100_000;
  private long lastRowId = 0;
  private long lastPaymentId = 0;
  private long lastNoteId = 0;
  private long createCalls;
  private volatile Runnable afterCreate = () -> {};

  SimOrders(
      SimCatalog catalog,
      WebhookDispatcher webhooks,
      long cancelledStatusId,
      java.time.InstantSource clock) {
    this.clock = clock;
    this.catalog = catalog;
    this.webhooks = webhooks;
    this.cancelledStatusId = cancelledStatusId;
  }

  public long cancelledStatusId() {
    return cancelledStatusId;
  }

  public synchronized long createContact(String email, String firstName, String lastName) {
    long id = ++lastContactId;
    java.time.Instant now = clock.instant();
    contacts.put(id, new Contact(id, email, firstName, lastName, now, now));
    return id;
  }

  /**
   * Contacts in id order whose last update is within [{@code from}, {@code to}] (a null bound is
   * open), as a PERIOD filter of Contact Search selects them.
   */
  public synchronized List<Contact> contactsUpdated(java.time.Instant from, java.time.Instant to) {
    return contacts.values().stream()
        .filter(c -> from == null || !c.updatedOn().isBefore(from))
        .filter(c -> to == null || !c.updatedOn().isAfter(to))
        .toList();
  }

  /** Contacts whose primary email is {@code email}, case-insensitive. */
  public synchronized List<Contact> contactsByEmail(String email) {
    String wanted = email.toLowerCase(Locale.ROOT);
    return contacts.values().stream()
        .filter(c -> c.email() != null && c.email().toLowerCase(Locale.ROOT).equals(wanted))
        .toList();
  }

  public synchronized List<Contact> contacts() {
    return List.copyOf(contacts.values());
  }

  public synchronized Optional<Contact> contact(long id) {
    return Optional.ofNullable(contacts.get(id));
  }

  /** A row as given (id assigned here). */
  public record NewRow(
      Long productId, String name, int quantity, BigDecimal net, BigDecimal tax, String taxCode) {}

  /**
   * Creates a sales order (or credit) with all its rows at once. A sales order allocates its
   * product rows in its warehouse (as much as is free), raising on-hand-modified for them and
   * {@code sales-order.created}. Refused (nothing created) for an unknown customer or product.
   */
  public Order create(
      boolean credit,
      long customerId,
      String ref,
      String externalRef,
      long channelId,
      long warehouseId,
      long statusId,
      String currency,
      Long parentId,
      List<NewRow> newRows,
      String placedOn) {
    Order order;
    List<Long> moved = new ArrayList<>();
    synchronized (this) {
      createCalls++;
      if (!contacts.containsKey(customerId)) {
        throw ApiError.badRequest("ORDC-001", "Customer " + customerId + " does not exist");
      }
      if (newRows.isEmpty()) {
        throw ApiError.badRequest("ORDC-002", "An order needs at least one row");
      }
      if (parentId != null && !orders.containsKey(parentId)) {
        throw ApiError.badRequest("ORDC-003", "Parent order " + parentId + " does not exist");
      }
      for (NewRow row : newRows) {
        if (row.productId() != null && catalog.product(row.productId()).isEmpty()) {
          throw ApiError.badRequest("ORDC-004", "Product " + row.productId() + " does not exist");
        }
        if (row.productId() == null && (row.name() == null || row.name().isBlank())) {
          throw ApiError.badRequest("ORDC-005", "A row needs a productId or a name");
        }
        if (row.quantity() <= 0 && row.productId() != null) {
          throw ApiError.badRequest("ORDC-006", "Quantity must be a positive whole number");
        }
      }
      List<Row> rows = new ArrayList<>();
      for (NewRow row : newRows) {
        rows.add(
            new Row(
                ++lastRowId,
                row.productId(),
                row.name(),
                row.quantity(),
                row.net(),
                row.tax(),
                row.taxCode()));
      }
      Map<Long, Integer> allocated = new LinkedHashMap<>();
      if (!credit) {
        for (Row row : rows) {
          if (row.productId() != null) {
            int taken = allocate(row.productId(), warehouseId, row.quantity());
            if (taken > 0) {
              allocated.merge(row.productId(), taken, Integer::sum);
              moved.add(row.productId());
            }
          }
        }
      }
      long id = ++lastOrderId;
      order =
          new Order(
              id,
              credit,
              customerId,
              ref,
              externalRef,
              channelId,
              warehouseId,
              statusId,
              currency,
              parentId,
              List.copyOf(rows),
              allocated,
              placedOn);
      orders.put(id, order);
    }
    if (!moved.isEmpty()) {
      webhooks.fire(SimControl.ON_HAND_MODIFIED, IdSet.of(moved));
    }
    if (!credit) {
      webhooks.fire(SALES_ORDER_CREATED, IdSet.of(order.id()));
      afterCreate.run();
    }
    return order;
  }

  private int allocate(long productId, long warehouseId, int quantity) {
    SimData.Stock stock =
        catalog.stock(productId).getOrDefault(warehouseId, new SimData.Stock(0, 0, 0));
    int taken = (int) Math.max(0, Math.min(quantity, stock.onHand()));
    if (taken > 0) {
      catalog.putStock(
          productId,
          warehouseId,
          new SimData.Stock(stock.inStock(), stock.allocated() + taken, stock.inTransit()));
    }
    return taken;
  }

  /**
   * Runs {@code hook} once, after the next sales order is created and before its answer is sent (a
   * crash test kills the caller there).
   */
  public void onceAfterCreate(Runnable hook) {
    java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
    afterCreate =
        () -> {
          if (ran.compareAndSet(false, true)) {
            hook.run();
          }
        };
  }

  /** Sales order create calls received (refused ones included). */
  public synchronized long createCalls() {
    return createCalls;
  }

  public synchronized Optional<Order> order(long id) {
    return Optional.ofNullable(orders.get(id));
  }

  public synchronized List<Order> orders() {
    return List.copyOf(orders.values());
  }

  public synchronized List<Order> salesOrders() {
    return orders.values().stream().filter(o -> !o.credit()).toList();
  }

  public synchronized List<Order> byExternalRef(String externalRef, boolean credit) {
    return orders.values().stream()
        .filter(o -> o.credit() == credit && externalRef.equals(o.externalRef()))
        .toList();
  }

  /** Sets an order's status; the cancelled status frees what the order had allocated. */
  public void setStatus(long orderId, long statusId) {
    List<Long> freed = new ArrayList<>();
    synchronized (this) {
      Order order = orders.get(orderId);
      if (order == null) {
        throw ApiError.notFound("Order " + orderId + " not found");
      }
      Map<Long, Integer> allocation = order.allocated();
      if (statusId == cancelledStatusId && !order.allocated().isEmpty()) {
        order
            .allocated()
            .forEach(
                (product, quantity) -> {
                  SimData.Stock stock = catalog.stock(product).get(order.warehouseId());
                  if (stock != null) {
                    catalog.putStock(
                        product,
                        order.warehouseId(),
                        new SimData.Stock(
                            stock.inStock(),
                            Math.max(0, stock.allocated() - quantity),
                            stock.inTransit()));
                    freed.add(product);
                  }
                });
        allocation = Map.of();
      }
      orders.put(orderId, order.withStatus(statusId, allocation));
    }
    if (!freed.isEmpty()) {
      webhooks.fire(SimControl.ON_HAND_MODIFIED, IdSet.of(freed));
    }
  }

  /** Records a payment; refused when {@code transactionRef} with its method was recorded before. */
  public synchronized Payment pay(
      String transactionRef,
      String method,
      String type,
      long orderId,
      String currency,
      BigDecimal amount) {
    if (!orders.containsKey(orderId)) {
      throw ApiError.badRequest("ACCC-001", "Order " + orderId + " does not exist");
    }
    if (transactionRef != null) {
      for (Payment payment : payments.values()) {
        if (transactionRef.equals(payment.transactionRef())
            && method.equals(payment.paymentMethodCode())) {
          throw ApiError.badRequest(
              "ACCC-002",
              "A payment with transactionRef "
                  + transactionRef
                  + " and payment method "
                  + method
                  + " exists already");
        }
      }
    }
    long id = ++lastPaymentId;
    Payment payment = new Payment(id, transactionRef, method, type, orderId, currency, amount);
    payments.put(id, payment);
    return payment;
  }

  public synchronized List<Payment> payments() {
    return List.copyOf(payments.values());
  }

  /** Receives stock back into a warehouse against a sales credit (a goods-in note). */
  public void goodsIn(long creditId, long warehouseId, Map<Long, Integer> products) {
    synchronized (this) {
      Order credit = orders.get(creditId);
      if (credit == null || !credit.credit()) {
        throw ApiError.badRequest("WHSC-001", "Order " + creditId + " is not a sales credit");
      }
      for (Map.Entry<Long, Integer> line : products.entrySet()) {
        if (catalog.product(line.getKey()).isEmpty()) {
          throw ApiError.badRequest("WHSC-002", "Product " + line.getKey() + " does not exist");
        }
      }
      products.forEach(
          (product, quantity) -> {
            SimData.Stock stock =
                catalog.stock(product).getOrDefault(warehouseId, new SimData.Stock(0, 0, 0));
            catalog.putStock(
                product,
                warehouseId,
                new SimData.Stock(
                    stock.inStock() + quantity, stock.allocated(), stock.inTransit()));
          });
    }
    webhooks.fire(SimControl.ON_HAND_MODIFIED, IdSet.of(products.keySet()));
  }

  /** A warehouse operator's goods-out note for part or all of an order (control side). */
  public synchronized GoodsOutNote createGoodsOutNote(long orderId, Map<Long, Integer> products) {
    Order order = orders.get(orderId);
    if (order == null) {
      throw new IllegalArgumentException("no order " + orderId);
    }
    long id = ++lastNoteId;
    GoodsOutNote note =
        new GoodsOutNote(id, orderId, order.warehouseId(), Map.copyOf(products), false, null, null);
    notes.put(id, note);
    return note;
  }

  /**
   * Marks a note shipped with a shipping method and tracking reference: its stock leaves the
   * warehouse (in stock and allocated both fall) and {@code goods-out-note.modified.shipped} fires.
   */
  public void ship(long noteId, String shippingMethod, String trackingReference) {
    synchronized (this) {
      GoodsOutNote note = notes.get(noteId);
      if (note == null) {
        throw new IllegalArgumentException("no goods-out note " + noteId);
      }
      if (note.shipped()) {
        return;
      }
      Order order = orders.get(note.orderId());
      Map<Long, Integer> allocation = new LinkedHashMap<>(order.allocated());
      note.products()
          .forEach(
              (product, quantity) -> {
                SimData.Stock stock =
                    catalog
                        .stock(product)
                        .getOrDefault(note.warehouseId(), new SimData.Stock(0, 0, 0));
                int fromAllocation = Math.min(quantity, allocation.getOrDefault(product, 0));
                allocation.merge(product, -fromAllocation, Integer::sum);
                catalog.putStock(
                    product,
                    note.warehouseId(),
                    new SimData.Stock(
                        Math.max(0, stock.inStock() - quantity),
                        Math.max(0, stock.allocated() - fromAllocation),
                        stock.inTransit()));
              });
      allocation.values().removeIf(q -> q <= 0);
      orders.put(order.id(), order.withStatus(order.statusId(), allocation));
      notes.put(
          noteId,
          new GoodsOutNote(
              noteId,
              note.orderId(),
              note.warehouseId(),
              note.products(),
              true,
              shippingMethod,
              trackingReference));
    }
    webhooks.fire(GOODS_OUT_SHIPPED, IdSet.of(noteId));
  }

  public synchronized Optional<GoodsOutNote> note(long id) {
    return Optional.ofNullable(notes.get(id));
  }

  public synchronized List<GoodsOutNote> notes(IdSet ids) {
    List<GoodsOutNote> found = new ArrayList<>();
    for (long id : ids.ids()) {
      GoodsOutNote note = notes.get(id);
      if (note != null) {
        found.add(note);
      }
    }
    return found;
  }
}
