package io.stockbridge.testhelper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromedriver} in /usr/bin, which
 * {@code scripts/ensure-services.sh} installs) driven by Selenium with a fresh profile. Nothing is
 * downloaded: the driver and browser paths are given, so Selenium Manager never runs. Close once.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  public final ChromeDriver driver;
  private final Path profile;

  public Browser() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException(
          "Chromium and its driver are missing: run 'bash scripts/ensure-services.sh' (installs"
              + " Debian's chromium and chromium-driver)");
    }
    try {
      this.profile = Files.createTempDirectory("sb-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
  }

  /** Makes the page's viewport {@code width} CSS pixels wide (a phone below 500). */
  public void width(int width) {
    this.width = width;
    driver.manage().window().setSize(new Dimension(Math.max(width, 500), 900));
    metrics(900);
  }

  private int width = 1280;

  private void metrics(long height) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 500));
  }

  /** Saves a screenshot of the whole page (up to 4000 px high) as {@code dir/name.png}. */
  public void screenshot(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      Number height =
          (Number)
              driver.executeScript("return Math.max(document.documentElement.scrollHeight, 600);");
      metrics(Math.min(4000, height.longValue()));
      Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
      metrics(900);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the page wrote to its console (errors included) since the last call. */
  public String console() {
    StringBuilder lines = new StringBuilder();
    driver.manage().logs().get("browser").forEach(entry -> lines.append(entry).append('\n'));
    return lines.toString();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temporary profile is harmless
      }
    }
  }
}
