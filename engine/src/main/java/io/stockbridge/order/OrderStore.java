package io.stockbridge.order;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the order flows remember (migration V21): each Shopify order's link to its Brightpearl sales
 * order and its lines, the contact cache, the actions done once (cancellation, credit, fulfilment)
 * and the catch-up cursor. Implementations are thread-safe.
 */
public interface OrderStore {
  /** Where an order is. */
  enum State {
    /** Received; not yet in Brightpearl. Its lines are held back from the stores. */
    ACCEPTED,
    /** Waiting for a SKU Brightpearl does not know. Its lines are held back. */
    PARKED,
    /** Brightpearl holds it (and allocated its stock). */
    IN_BRIGHTPEARL,
    /** Cancelled on Shopify before or after it reached Brightpearl. */
    CANCELLED;

    public String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static State of(String column) {
      return valueOf(column.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** One order of one store. Times are epoch milliseconds; ids null until known. */
  record OrderLink(
      String store,
      String shopifyOrderId,
      String orderName,
      String emailHash,
      State state,
      String parkedSku,
      Long brightpearlOrderId,
      Long contactId,
      Long paymentId,
      Long reflectedAt,
      String shopifyUpdatedAt,
      long createdAt,
      long updatedAt) {}

  /** One line: Shopify line item id, SKU, quantity; Brightpearl product and row once known. */
  record OrderLine(String lineId, String sku, int quantity, Long productId, Long rowId) {}

  /**
   * Records an order received (state ACCEPTED) with its lines unless it is known already; returns
   * the stored link (the earlier one when known).
   */
  OrderLink accept(OrderLink link, List<OrderLine> lines, long now);

  Optional<OrderLink> find(String store, String shopifyOrderId);

  List<OrderLine> lines(String store, String shopifyOrderId);

  /** The order Brightpearl knows as {@code brightpearlOrderId}, if it is one of ours. */
  Optional<OrderLink> byBrightpearlOrder(long brightpearlOrderId);

  /** Orders whose name is {@code orderName} (e.g. {@code #1001}), any store. */
  List<OrderLink> byName(String orderName);

  /**
   * Orders of the customer whose email hashes to {@code emailHash} ({@code
   * event.EventName.emailHash}), any store, newest first, at most {@code limit}.
   */
  List<OrderLink> byEmailHash(String emailHash, int limit);

  /** Orders with a line of {@code sku}, any store, newest first, at most {@code limit}. */
  List<OrderLink> bySku(String sku, int limit);

  void park(String store, String shopifyOrderId, String sku, long now);

  /**
   * Counts an attempt to create the order in Brightpearl, committed before the call is sent;
   * returns the attempts made before this one (above 0: an earlier one may have created it).
   */
  int beginCreate(String store, String shopifyOrderId, long now);

  /**
   * In one transaction: the order is in Brightpearl as {@code brightpearlOrderId} (rows by line
   * id), reflected from {@code now}; its customer's contact cached under its email hash.
   */
  void reflected(
      String store,
      String shopifyOrderId,
      long brightpearlOrderId,
      long contactId,
      Map<String, Long> productsByLine,
      Map<String, Long> rowsByLine,
      long now);

  void setPayment(String store, String shopifyOrderId, long paymentId, long now);

  void setState(String store, String shopifyOrderId, State state, long now);

  Optional<Long> contact(String emailHash);

  void putContact(String emailHash, long contactId, long now);

  /** What {@link #claimContact} found. */
  enum ContactClaim {
    /** The claim is ours; nobody held it. */
    CLAIMED,
    /**
     * The claim is ours, taken over from a claim that expired or was given up unsettled: its holder
     * may have created the contact without caching it (it died, or the answer was lost).
     */
    TAKEN_OVER,
    /** Another holder's claim runs: its contact is being created. */
    HELD
  }

  /**
   * Claims the creation of the contact of {@code emailHash} for {@code owner} until {@code
   * expiresAt} (epoch ms), on every node at once: at most one holder at a time. An owner claiming
   * again renews its claim.
   */
  ContactClaim claimContact(String emailHash, String owner, long now, long expiresAt);

  /**
   * Ends {@code owner}'s claim of {@code emailHash} (none: nothing happens): {@code settled} when
   * the contact is cached or was found not needed; otherwise (the creation's fate is unknown) the
   * claim is left expired, and the next claimer is told {@link ContactClaim#TAKEN_OVER}.
   */
  void releaseContactClaim(String emailHash, String owner, boolean settled);

  /**
   * Caches contacts learned from a contact search (email hash to contact id) in one transaction; an
   * email hash already cached keeps its contact.
   */
  void learnContacts(Map<String, Long> contactsByEmailHash, long now);

  /** Records an action done once; false when {@code actionKey} was recorded before. */
  boolean recordAction(
      String store, String actionKey, String shopifyOrderId, String result, long now);

  Optional<String> action(String store, String actionKey);

  /** Actions of one order: key to result. */
  Map<String, String> actions(String store, String shopifyOrderId);

  /**
   * Quantities held back per SKU on {@code store}: lines of orders not yet in Brightpearl, and of
   * orders Brightpearl reflected at or after {@code readStartedAt} (a read of its availability
   * begun before then may not include them).
   */
  Map<String, Integer> inFlight(String store, Collection<String> skus, long readStartedAt);

  /**
   * Units per SKU of Shopify orders of {@code shopDomain} that are stored as events ({@code
   * orders/create}, not yet handled) but not yet recorded here: the window between a sale's webhook
   * and the order flow's first run.
   */
  Map<String, Integer> received(String store, String shopDomain, Collection<String> skus);

  /**
   * {@link #inFlight} and {@link #received} together, per SKU, read in one statement (one snapshot,
   * so an order handled meanwhile counts exactly once), with every unit of the store's orders ever
   * received on each SKU ({@code receivedUnits}: a counter that only grows as webhooks are stored,
   * whatever becomes of the orders). The stock flow tells by it how many of the sales Shopify took
   * off on its own it has heard of since an earlier read.
   */
  Reservations reservations(
      String store, String shopDomain, Collection<String> skus, long readStartedAt);

  /**
   * Units held back and units ever received, per SKU (a SKU absent: 0).
   *
   * @param held as {@link #inFlight} plus {@link #received}
   * @param receivedUnits every unit of the store's orders received on the SKU
   */
  record Reservations(Map<String, Integer> held, Map<String, Long> receivedUnits) {}

  /** Every SKU held back on {@code store} (reconciliation), as {@link #inFlight}. */
  Map<String, Integer> allInFlight(String store, long readStartedAt);

  /** Parked orders waiting for one of {@code skus}: store and order id. */
  List<OrderLink> parkedOn(Collection<String> skus);

  /** Every SKU some parked order waits for. */
  List<String> parkedSkus();

  Optional<String> cursor(String store);

  void putCursor(String store, String updatedAt);

  /** Orders counted by state (figures for benchmarks and the demo). */
  Map<State, Long> countByState(String store);
}
