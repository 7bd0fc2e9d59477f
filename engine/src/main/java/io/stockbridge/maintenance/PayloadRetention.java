package io.stockbridge.maintenance;

import io.stockbridge.event.EventLog;
import io.stockbridge.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Maintenance unit: payloads older than the retention age are archived to gzip JSON-lines files
 * under {@code <dataDir>/archive} (mode {@code archive}) or deleted (mode {@code delete}); metadata
 * and history stay searchable, and each event records where its payload went. An archive file is
 * written and closed before its payloads are dropped, so a crash in between loses nothing. Run by
 * the leader.
 */
public final class PayloadRetention {
  private static final int CHUNK = 1000;
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  private final EventLog events;
  private final Duration maxAge;
  private final boolean archive;
  private final Path archiveDir;
  private final Clock clock;

  public PayloadRetention(
      EventLog events, Duration maxAge, String mode, Path dataDir, Clock clock) {
    this.events = events;
    this.maxAge = maxAge;
    this.archive = mode.equals("archive");
    this.archiveDir = dataDir.resolve("archive");
    this.clock = clock;
  }

  /** Runs once; returns how many payloads were archived or deleted. */
  public int run() {
    long cutoff = clock.millis() - maxAge.toMillis();
    int total = 0;
    int round = 0;
    while (true) {
      List<EventLog.StoredPayload> old = events.payloadsOlderThan(cutoff, CHUNK);
      if (old.isEmpty()) {
        return total;
      }
      String file = archive ? writeArchive(old, round++) : null;
      events.dropPayloads(old.stream().map(EventLog.StoredPayload::eventId).toList(), file);
      total += old.size();
    }
  }

  private String writeArchive(List<EventLog.StoredPayload> payloads, int round) {
    try {
      Files.createDirectories(archiveDir);
      Path file =
          archiveDir.resolve(
              "payloads-"
                  + FILE_TIME.format(Instant.ofEpochMilli(clock.millis()))
                  + "-"
                  + round
                  + ".jsonl.gz");
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        for (EventLog.StoredPayload payload : payloads) {
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("eventId", payload.eventId());
          line.put("receivedAt", Instant.ofEpochMilli(payload.receivedAt()).toString());
          line.put("contentType", payload.contentType());
          line.put("body", Base64.getEncoder().encodeToString(payload.body()));
          out.write((Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      return "archived:" + file.getFileName();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write payload archive in " + archiveDir, e);
    }
  }
}
