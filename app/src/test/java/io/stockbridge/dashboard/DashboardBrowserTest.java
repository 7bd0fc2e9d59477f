package io.stockbridge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.auth.ApiKeyVerifier;
import io.stockbridge.auth.Role;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.EventStatus;
import io.stockbridge.flow.Route;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.simulator.brightpearl.SimControl;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.testhelper.Browser;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against a node wired to the Brightpearl and Shopify
 * simulators, plus a label-printing flow that fails for two products until its printer is back:
 * their stock changes end dead; an operator finds one by SKU, replays it and watches the new
 * attempt arrive in its timeline without a reload, then replays the other from their issue; a
 * viewer sees no operator buttons and is refused (403) when posting anyway. Screenshots of every
 * page at 1280 and 375 px go to {@code target/screenshots}.
 */
@EndToEnd
class DashboardBrowserTest {
  /** Prints a shelf label per stock change; the printer refuses the products in {@code broken}. */
  static final class LabelFlow implements WorkHandler {
    final Set<String> broken = ConcurrentHashMap.newKeySet();

    @Override
    public String kind() {
      return "label.print";
    }

    @Override
    public List<Outcome> handle(List<WorkItem> items) {
      List<Outcome> outcomes = new ArrayList<>();
      for (WorkItem item : items) {
        outcomes.add(
            broken.contains(productOf(item))
                ? new Outcome.Failed(
                    new IllegalStateException(
                        "label printer refused product " + productOf(item),
                        new UncheckedIOException(new IOException("connection reset by printer"))))
                : new Outcome.Done("label printed"));
      }
      return outcomes;
    }

    /** The product id at the end of the item key ({@code kind|store|key}). */
    private static String productOf(WorkItem item) {
      return item.itemKey().substring(item.itemKey().lastIndexOf('|') + 1);
    }
  }

  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final String VIEWER_KEY = "dashboard-viewer-key";
  private static final List<String> PAGES =
      List.of(
          "overview",
          "events",
          "dead-letters",
          "issues",
          "connections",
          "reconciliations",
          "batches");

  private static final String PROCESSING = "#timeline .step[data-status='processing']";

  @TempDir Path dir;

  @Test
  void an_operator_finds_replays_and_watches_an_event_and_a_viewer_can_only_look()
      throws Exception {
    LabelFlow labels = new LabelFlow();
    try (SyncLab lab =
            SyncLab.start(
                new SyncLab.Spec(
                    20,
                    1,
                    List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L)),
                    TestDatabases.sqliteUrl(dir),
                    dir,
                    """
                    sync:
                      debounceMillis: 10
                      maxWaitMillis: 50
                      batchFillMillis: 10
                    queue:
                      maxAttempts: 2
                      backoffBaseMillis: 10
                      backoffMaxMillis: 50
                    """),
                builder ->
                    builder
                        .handler(labels)
                        .route(
                            new Route(
                                "brightpearl",
                                "product.modified.on-hand-modified",
                                "label.print",
                                5,
                                true)));
        Browser browser = new Browser()) {
      current = browser;
      lab.seedStoresInSync();
      new ApiKeyVerifier(lab.node().storage().accessKeys())
          .create("viewer", Role.VIEWER, VIEWER_KEY, System.currentTimeMillis());
      List<SimData.Product> products = lab.brightpearl().catalog().allProducts();
      SimData.Product first = products.get(3);
      SimData.Product second = products.get(4);
      labels.broken.add(String.valueOf(first.id()));
      labels.broken.add(String.valueOf(second.id()));
      // A change that is processed, then two whose labels fail until they are dead.
      stock(lab, products.get(5), 12);
      stock(lab, first, 7);
      stock(lab, second, 8);
      EventRecord firstDead = awaitDead(lab, first.id());
      EventRecord secondDead = awaitDead(lab, second.id());
      labels.broken.clear(); // the printer is back; the dead events wait for a replay

      WebDriver driver = browser.driver;
      String base = "http://127.0.0.1:" + lab.node().port();
      browser.width(1280);
      driver.get(base + "/");
      login(driver, SyncLab.API_KEY);

      // Overview: the charts are drawn.
      await(driver, "overview charts drawn", d -> count(d, ".chart[data-chart-drawn] canvas") >= 2);
      ((JavascriptExecutor) driver).executeScript("window.sbNoReload = true;");

      // Events: find the refused one by its SKU and open it.
      driver.get(base + "/#/events");
      WebElement search = await(driver, "search box", d -> d.findElement(By.id("event-search")));
      search.sendKeys(first.sku());
      driver.findElement(By.id("event-search-go")).click();
      By link = By.cssSelector("[data-event-link='" + firstDead.id() + "']");
      await(driver, "event found by SKU", d -> count(d, link) == 1);
      clickFresh(driver, link);
      await(driver, "event page", d -> count(d, "#timeline .step") > 0);
      long markerBefore = steps(driver);
      long processingBefore = count(driver, PROCESSING);
      assertThat(text(driver, "main"))
          .contains("IllegalStateException")
          .contains(firstDead.traceId());

      // Replay: the new attempt appears in the timeline without a reload.
      ((JavascriptExecutor) driver).executeScript("window.sbNoReload = true;");
      clickFresh(driver, By.id("replay"));
      await(
          driver,
          "the replayed run succeeded in the timeline",
          d ->
              steps(d) > markerBefore
                  && count(d, PROCESSING) > processingBefore
                  && text(d, "h1 .badge").equals("succeeded"));
      assertThat(((JavascriptExecutor) driver).executeScript("return window.sbNoReload === true;"))
          .isEqualTo(true);
      assertThat(lab.node().storage().events().find(firstDead.id()).orElseThrow().status())
          .isEqualTo(EventStatus.SUCCEEDED);

      // Issues: the second refused event is replayed from its issue.
      driver.get(base + "/#/issues");
      By replayIssue = By.cssSelector("[data-action='replay-issue']");
      await(driver, "an issue with its replay button", d -> count(d, replayIssue) >= 1);
      assertThat(text(driver, "main")).contains("IllegalStateException");
      browser.width(1280);
      screenshotAll(browser, driver, base, "1280", firstDead.id());
      browser.width(375);
      screenshotAll(browser, driver, base, "375", firstDead.id());
      browser.width(1280);
      driver.get(base + "/#/issues");
      await(driver, "issue replay button", d -> count(d, replayIssue) >= 1);
      clickFresh(driver, replayIssue);
      Eventually.await(
          "the issue's event succeeded",
          Duration.ofSeconds(15),
          () ->
              lab.node().storage().events().find(secondDead.id()).orElseThrow().status()
                  == EventStatus.SUCCEEDED);

      // A viewer: no operator buttons, and a post anyway is refused with 403 in the JSON shape.
      clickFresh(driver, By.id("logout"));
      await(driver, "login form", d -> d.findElement(By.id("login-key")).isDisplayed());
      login(driver, VIEWER_KEY);
      driver.get(base + "/#/events/" + firstDead.id());
      await(driver, "viewer sees the event", d -> count(d, "#timeline .step") > 0);
      assertThat(count(driver, "#replay")).isZero();
      driver.get(base + "/#/issues");
      await(driver, "viewer sees the issue", d -> count(d, ".issue") >= 1);
      assertThat(count(driver, ".issue button")).isZero();
      stock(lab, products.get(6), 9); // a stock read by the node now
      driver.get(base + "/#/connections");
      await(driver, "viewer sees the store", d -> text(d, "main").contains("shop-a"));
      assertThat(count(driver, "main button")).isZero();
      // The warehouse's requests of the last minute by purpose, from the budget's counters.
      await(
          driver,
          "a stock read among the warehouse's calls of the last minute",
          d -> {
            List<WebElement> reads =
                d.findElements(By.cssSelector("#brightpearl-calls [data-purpose='stock']"));
            if (!reads.isEmpty() && Long.parseLong(reads.get(0).getAttribute("data-count")) > 0) {
              return true;
            }
            d.navigate().refresh();
            return false;
          });
      WebElement calls = driver.findElement(By.id("brightpearl-calls"));
      long split = 0;
      for (WebElement purpose : calls.findElements(By.cssSelector("[data-purpose]"))) {
        split += Long.parseLong(purpose.getAttribute("data-count"));
      }
      assertThat(calls.findElements(By.cssSelector("[data-purpose]"))).hasSize(3);
      assertThat(Long.parseLong(calls.getAttribute("data-used"))).isEqualTo(split);
      assertThat(calls.getText()).contains("stock reads").contains("of 200 a minute");
      driver.get(base + "/#/dead-letters");
      await(
          driver,
          "viewer sees the dead letters (all redriven by now)",
          d -> text(d, "main").contains("No dead letters"));
      assertThat(count(driver, "#bulk-dry-run")).isZero();
      assertThat(
              driver
                  .findElements(
                      By.xpath("//main//button[contains(., 'Redrive') or contains(., 'Replay')]"))
                  .size())
          .isZero();
      @SuppressWarnings("unchecked")
      Map<String, Object> refused =
          (Map<String, Object>)
              ((JavascriptExecutor) driver)
                  .executeAsyncScript(
                      """
                      const done = arguments[arguments.length - 1];
                      fetch('/ui/session').then(r => r.json()).then(s =>
                        fetch('/api/events/%d/replay', {method: 'POST',
                            headers: {'X-CSRF-Token': s.csrfToken}})
                          .then(r => r.json().then(body => done({status: r.status,
                              error: body.error, message: body.message}))));
                      """
                          .formatted(firstDead.id()));
      assertThat(refused).containsEntry("status", 403L).containsEntry("error", "forbidden");
      assertThat((String) refused.get("message")).doesNotContain(VIEWER_KEY);
    }
  }

  private static void stock(SyncLab lab, SimData.Product product, long onHand) {
    lab.brightpearl()
        .control()
        .stockBurst(List.of(new SimControl.StockUpdate(product.sku(), 1, onHand)));
  }

  private static EventRecord awaitDead(SyncLab lab, long productId) {
    EventRecord[] found = new EventRecord[1];
    try {
      awaitDeadOf(lab, productId, found);
    } catch (AssertionError e) {
      var events = lab.node().storage().events();
      StringBuilder seen = new StringBuilder();
      for (EventRecord event : events.search(EventQuery.all(20)).events()) {
        seen.append('\n').append(event).append(' ').append(events.history(event.id()));
      }
      throw new AssertionError(e.getMessage() + "; events:" + seen, e);
    }
    return found[0];
  }

  private static void awaitDeadOf(SyncLab lab, long productId, EventRecord[] found) {
    Eventually.await(
        "the refused stock change of product " + productId + " is dead",
        Duration.ofSeconds(20),
        () -> {
          List<EventRecord> events =
              lab.node()
                  .storage()
                  .events()
                  .search(
                      new EventQuery(
                          EventStatus.DEAD,
                          null,
                          null,
                          String.valueOf(productId),
                          null,
                          null,
                          null,
                          null,
                          null,
                          null,
                          10))
                  .events();
          if (events.isEmpty()) {
            return false;
          }
          found[0] = events.get(0);
          return true;
        });
  }

  private static void login(WebDriver driver, String key) {
    WebElement input =
        await(
            driver,
            "login form",
            d -> {
              WebElement field = d.findElement(By.id("login-key"));
              return field.isDisplayed() ? field : null;
            });
    input.clear();
    input.sendKeys(key);
    driver.findElement(By.id("login-submit")).click();
    await(driver, "signed in", d -> d.findElement(By.id("shell")).isDisplayed());
  }

  private static void screenshotAll(
      Browser browser, WebDriver driver, String base, String width, long eventId) {
    for (String page : PAGES) {
      driver.get(base + "/#/" + page);
      await(
          driver,
          page + " rendered",
          d ->
              page.equals(d.findElement(By.id("main")).getAttribute("data-page"))
                  && count(d, "main[data-ready]") == 1);
      if (page.equals("overview")) {
        await(driver, "charts drawn", d -> count(d, ".chart[data-chart-drawn] canvas") >= 2);
      }
      browser.screenshot(SHOTS, page + "-" + width);
    }
    driver.get(base + "/#/events/" + eventId);
    await(driver, "event page rendered", d -> count(d, "#timeline .step") > 0);
    browser.screenshot(SHOTS, "event-" + width);
  }

  private static long steps(WebDriver driver) {
    return count(driver, "#timeline .step");
  }

  private static long count(WebDriver driver, String css) {
    return count(driver, By.cssSelector(css));
  }

  private static long count(WebDriver driver, By by) {
    return driver.findElements(by).size();
  }

  private static String text(WebDriver driver, String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }

  /** Clicks what {@code by} finds, finding it again if a live refresh replaced it meanwhile. */
  private static void clickFresh(WebDriver driver, By by) {
    await(
        driver,
        "click " + by,
        d -> {
          try {
            d.findElement(by).click();
            return true;
          } catch (StaleElementReferenceException e) {
            return false;
          }
        });
  }

  private static Browser current;

  private static <T> T await(
      WebDriver driver, String what, java.util.function.Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, Duration.ofSeconds(15))
          .withMessage(what)
          .ignoring(org.openqa.selenium.NoSuchElementException.class)
          // A live refresh may replace an element between finding it and reading it: look again.
          .ignoring(StaleElementReferenceException.class)
          .until(condition);
    } catch (org.openqa.selenium.TimeoutException e) {
      current.screenshot(SHOTS, "failed");
      throw new AssertionError(
          "timed out waiting for " + what + "; the page's console:\n" + current.console(), e);
    }
  }
}
