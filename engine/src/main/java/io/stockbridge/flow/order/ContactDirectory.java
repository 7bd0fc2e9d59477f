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
 * late commits). Thread-safe.
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

  private final OrderStore orders;
  private final BrightpearlOrders warehouse;
  private final Clock clock;

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
