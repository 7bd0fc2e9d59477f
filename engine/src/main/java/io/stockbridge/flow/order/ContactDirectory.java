package io.stockbridge.flow.order;

import io.stockbridge.connector.brightpearl.BrightpearlOrders;
import io.stockbridge.order.OrderStore;
import io.stockbridge.queue.RetryLater;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brightpearl's customers by email, at no call per order: the contact cache ({@code
 * order_contacts}, by SHA-256 of the lower-cased email) is kept complete by Contact Search's {@code
 * updatedOn} filter: every contact updated (or created) since the last search, 500 a page (the
 * first search ever lists them all). An order whose customer is not cached asks for a search begun
 * after the order was received; one search serves every order waiting at the time (they are
 * coalesced, at most one every {@link #MIN_GAP}), and a customer still not cached after it did not
 * exist in Brightpearl when the order came: it is created without a search of its own. Contacts our
 * own orders create are cached as they are made. Searches overlap by {@link #OVERLAP} (clock skew,
 * late commits).
 *
 * <p>A new customer's contact is created exactly once, on every node at once ({@link #contactFor}):
 * on this node orders of one email wait for each other (by stripe of its hash), across nodes the
 * creator holds a claim row ({@code order_contact_claims}, {@link OrderStore#claimContact}) while
 * it creates and caches the contact; an order that finds another node's claim retries later ({@link
 * Claimed}, no attempt spent) and then finds the contact cached. A claim whose holder died expires
 * after {@link #CLAIM_LEASE}; whoever takes it over searches again before creating (the holder may
 * have created the contact before it died). Thread-safe.
 */
final class ContactDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(ContactDirectory.class);

  /** The cursor (in {@code order_cursors}) of the last contact search's start. */
  static final String CURSOR = "brightpearl:contacts";

  /** How far back each search reaches before the last one's start. */
  static final Duration OVERLAP = Duration.ofMinutes(2);

  /** The least time between two searches' starts: orders arriving meanwhile share one. */
  static final Duration MIN_GAP = Duration.ofSeconds(2);

  /** The longest an order waits for a search begun after it arrived before retrying later. */
  static final Duration MAX_WAIT = Duration.ofMinutes(5);

  /** The most pages one search reads (a full first listing of 500,000 contacts). */
  static final int MAX_PAGES = 1000;

  /**
   * How long a claim to create a contact lasts: longer than a request may wait for budget (3 min by
   * default) and for its answer.
   */
  static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

  private final OrderStore orders;
  private final BrightpearlOrders warehouse;
  private final Clock clock;

  /** This instance's name on its claims (one per node). */
  private final String owner = "node-" + java.util.UUID.randomUUID();

  /** New customers' contacts are created one at a time per email on this node (by stripe). */
  private final Object[] newCustomerLocks = new Object[64];

  /** Start of the last search that completed; Long.MIN_VALUE before the first. */
  private long searchedFrom = Long.MIN_VALUE;

  /** Start of the last search begun (running or done). */
  private long lastStart = Long.MIN_VALUE;

  private boolean searching;

  /** Searches made (figures and tests). */
  private long searches;

  ContactDirectory(OrderStore orders, BrightpearlOrders warehouse, Clock clock) {
    this.orders = orders;
    this.warehouse = warehouse;
    this.clock = clock;
    for (int i = 0; i < newCustomerLocks.length; i++) {
      newCustomerLocks[i] = new Object();
    }
  }

  /**
   * The contact of the customer {@code emailHash} ({@code email}, names for a new one): cached,
   * else found by a search begun after {@code receivedAt}, else created, once across nodes.
   *
   * @throws Claimed when another node is creating it now (retry later)
   */
  long contactFor(
      String emailHash, String email, String firstName, String lastName, long receivedAt) {
    Optional<Long> known = orders.contact(emailHash);
    if (known.isPresent()) {
      return known.get();
    }
    // Two orders of one new customer at once make one contact: the second finds the first's.
    synchronized (newCustomerLocks[Math.floorMod(emailHash.hashCode(), newCustomerLocks.length)]) {
      known = find(emailHash, receivedAt);
      if (known.isPresent()) {
        return known.get();
      }
      long now = clock.millis();
      OrderStore.ContactClaim claim =
          orders.claimContact(emailHash, owner, now, now + CLAIM_LEASE.toMillis());
      if (claim == OrderStore.ContactClaim.HELD) {
        throw new Claimed();
      }
      boolean settled = false;
      try {
        // Another node may have created and cached it between our search and our claim; a
        // holder that died may have created it without caching it: search from now.
        known =
            claim == OrderStore.ContactClaim.TAKEN_OVER
                ? find(emailHash, now)
                : orders.contact(emailHash);
        if (known.isPresent()) {
          settled = true;
          return known.get();
        }
        long contact = warehouse.createContact(email, firstName, lastName);
        orders.putContact(emailHash, contact, clock.millis());
        settled = true;
        return contact;
      } finally {
        // Unsettled (a failed search, or a creation whose answer was lost): whoever claims next
        // searches before creating.
        orders.releaseContactClaim(emailHash, owner, settled);
      }
    }
  }

  /**
   * The Brightpearl contact of {@code emailHash}: cached, else after a contact search begun at or
   * after {@code receivedAt} (epoch ms; when the order arrived); empty when Brightpearl had no such
   * contact then.
   */
  Optional<Long> find(String emailHash, long receivedAt) {
    Optional<Long> cached = orders.contact(emailHash);
    if (cached.isPresent()) {
      return cached;
    }
    searchedSince(receivedAt);
    return orders.contact(emailHash);
  }

  synchronized long searches() {
    return searches;
  }

  /** Returns once a search begun at or after {@code since} has completed. */
  private void searchedSince(long since) {
    long deadline = clock.millis() + MAX_WAIT.toMillis();
    long start;
    synchronized (this) {
      while (true) {
        if (searchedFrom >= since) {
          return;
        }
        long now = clock.millis();
        if (now >= deadline) {
          throw new Busy();
        }
        long gapLeft = lastStart == Long.MIN_VALUE ? 0 : lastStart + MIN_GAP.toMillis() - now;
        if (!searching && gapLeft <= 0) {
          searching = true;
          start = now;
          lastStart = now;
          break;
        }
        try {
          // Woken when a search ends; otherwise until the gap has passed (a floor of 10 ms).
          wait(Math.max(10, Math.min(deadline - now, searching ? 1000 : gapLeft)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Busy();
        }
      }
    }
    boolean done = false;
    try {
      search(start);
      done = true;
    } finally {
      synchronized (this) {
        searching = false;
        if (done) {
          searchedFrom = Math.max(searchedFrom, start);
          searches++;
        }
        notifyAll();
      }
    }
  }

  /** One search: every contact updated since the last search's start less the overlap. */
  private void search(long start) {
    Optional<String> cursor = orders.cursor(CURSOR);
    Instant since =
        cursor.map(Instant::parse).map(c -> c.minus(OVERLAP)).orElse(null); // null: list all
    int firstResult = 1;
    int learned = 0;
    for (int page = 0; page < MAX_PAGES; page++) {
      BrightpearlOrders.ContactPage found = warehouse.contactsUpdatedSince(since, firstResult);
      Map<String, Long> byHash = new LinkedHashMap<>();
      for (BrightpearlOrders.ContactRow row : found.contacts()) {
        if (row.primaryEmail() != null && !row.primaryEmail().isBlank()) {
          // The lowest id of an email wins, as a search by that email would find first.
          byHash.putIfAbsent(OrderIn.emailHash(row.primaryEmail()), row.id());
        }
      }
      orders.learnContacts(byHash, clock.millis());
      learned += byHash.size();
      if (!found.morePagesAvailable() || found.contacts().isEmpty()) {
        break;
      }
      firstResult = found.lastResult() + 1;
    }
    orders.putCursor(
        CURSOR, Instant.ofEpochMilli(start).truncatedTo(ChronoUnit.SECONDS).toString());
    LOG.debug(
        "contact search since {}: {} contact(s) learned",
        since == null ? "the start" : since,
        learned);
  }

  /** Another node is creating this customer's contact: the order is retried (no attempt spent). */
  static final class Claimed extends RuntimeException implements RetryLater {
    private static final long serialVersionUID = 1L;

    Claimed() {
      super("another node is creating this customer's Brightpearl contact; retrying later");
    }

    @Override
    public Duration suggestedDelay() {
      return Duration.ofSeconds(2);
    }
  }

  /** No search could be completed for an order in time: it is retried later (no attempt spent). */
  static final class Busy extends RuntimeException implements RetryLater {
    private static final long serialVersionUID = 1L;

    Busy() {
      super("no contact search completed within " + MAX_WAIT + "; retrying later");
    }

    @Override
    public Duration suggestedDelay() {
      return Duration.ofSeconds(5);
    }
  }
}
