package io.stockbridge.connector.shopify;

import io.stockbridge.time.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Plain file transfers of bulk operations: the staged JSONL upload (a multipart form POST, as to
 * Shopify's signed upload targets) and the result download. No access token is sent; 5xx, 429 and
 * I/O errors are retried like GraphQL calls. Thread-safe.
 */
final class FileTransfer {
  private final HttpClient http;
  private final ShopifySettings settings;
  private final Sleeper sleeper;

  FileTransfer(HttpClient http, ShopifySettings settings, Sleeper sleeper) {
    this.http = http;
    this.settings = settings;
    this.sleeper = sleeper;
  }

  /** GETs a result file (bulk JSONL), retrying like GraphQL calls; no access token is sent. */
  byte[] download(java.net.URI url) {
    HttpRequest request =
        HttpRequest.newBuilder(url).timeout(settings.requestTimeout()).GET().build();
    return transfer("download", request);
  }

  /** POSTs a staged upload as a multipart form: {@code parameters} first, then the file. */
  void uploadForm(
      java.net.URI url, Map<String, String> parameters, String filename, byte[] content) {
    String boundary = "stockbridge-" + java.util.UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
    parameters.forEach(
        (name, value) ->
            body.writeBytes(
                ("--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\""
                        + name
                        + "\"\r\n\r\n"
                        + value
                        + "\r\n")
                    .getBytes(utf8)));
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename
                + "\"\r\nContent-Type: text/jsonl\r\n\r\n")
            .getBytes(utf8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(utf8));
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(settings.requestTimeout())
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
    transfer("staged upload", request);
  }

  private byte[] transfer(String what, HttpRequest request) {
    String failure = "no attempt";
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      if (attempt > 1) {
        pause(settings.backoff().delayAfter(attempt - 1));
      }
      try {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 == 2) {
          return response.body();
        }
        if (response.statusCode() < 500 && response.statusCode() != 429) {
          throw new ShopifyRequestException(
              what + " refused: HTTP " + response.statusCode(), response.statusCode());
        }
        failure = "HTTP " + response.statusCode();
      } catch (IOException e) {
        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ShopifyRetryLaterException(
            "interrupted during " + what, ShopifyClient.MIN_RETRY_LATER, e);
      }
    }
    throw new ShopifyRetryLaterException(
        what + " failed " + settings.maxAttempts() + " times; last: " + failure,
        settings.maxBackoff(),
        null);
  }

  private void pause(Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShopifyRetryLaterException("interrupted during a file transfer", duration, e);
    }
  }
}
