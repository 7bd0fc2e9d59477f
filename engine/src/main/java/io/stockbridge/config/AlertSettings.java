package io.stockbridge.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The alert rules' settings, under {@code alerts.}: {@code enabled} (true), {@code intervalSeconds}
 * (30), {@code deadLettersAbove} (0), {@code oldestReadySeconds} (300), {@code throttlesPerMinute}
 * (30), {@code driftAbove} (10 products), {@code webhookSilenceMinutes} (60), {@code businessHours}
 * ({@code 08:00-18:00}), {@code businessDays} (MON-FRI), {@code timezone} (UTC), {@code
 * connectionFailuresPerMinute} (5).
 */
public record AlertSettings(
    boolean enabled,
    Duration interval,
    long deadLettersAbove,
    Duration oldestReady,
    double throttlesPerMinute,
    long driftAbove,
    Duration webhookSilence,
    LocalTime businessStart,
    LocalTime businessEnd,
    Set<DayOfWeek> businessDays,
    ZoneId timezone,
    double connectionFailuresPerMinute) {

  public static AlertSettings from(ConfigSource source) {
    String hours = source.string("alerts.businessHours", "08:00-18:00");
    LocalTime start = LocalTime.of(8, 0);
    LocalTime end = LocalTime.of(18, 0);
    String[] parts = hours.split("-", -1);
    try {
      if (parts.length != 2) {
        throw new DateTimeParseException("no '-'", hours, 0);
      }
      start = LocalTime.parse(parts[0].strip());
      end = LocalTime.parse(parts[1].strip());
    } catch (DateTimeParseException e) {
      source.problem("alerts.businessHours: must be HH:MM-HH:MM, got '" + hours + "'");
    }
    List<String> dayNames = source.list("alerts.businessDays");
    Set<DayOfWeek> days =
        EnumSet.of(
            DayOfWeek.MONDAY,
            DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY);
    if (!dayNames.isEmpty()) {
      days = EnumSet.noneOf(DayOfWeek.class);
      for (String name : dayNames) {
        DayOfWeek day = day(name);
        if (day == null) {
          source.problem(
              "alerts.businessDays: '" + name + "' is not a day (MON, TUE, ... or MONDAY, ...)");
        } else {
          days.add(day);
        }
      }
    }
    ZoneId zone = ZoneId.of("UTC");
    String zoneName = source.string("alerts.timezone", "UTC");
    try {
      zone = ZoneId.of(zoneName);
    } catch (java.time.DateTimeException e) {
      source.problem("alerts.timezone: not a time zone: '" + zoneName + "'");
    }
    return new AlertSettings(
        source.bool("alerts.enabled", true),
        Duration.ofSeconds(source.number("alerts.intervalSeconds", 30, 1, 3600)),
        source.number("alerts.deadLettersAbove", 0, 0, 1_000_000_000),
        Duration.ofSeconds(source.number("alerts.oldestReadySeconds", 300, 1, 604_800)),
        source.number("alerts.throttlesPerMinute", 30, 0, 1_000_000),
        source.number("alerts.driftAbove", 10, 0, 1_000_000_000),
        Duration.ofMinutes(source.number("alerts.webhookSilenceMinutes", 60, 1, 100_000)),
        start,
        end,
        Set.copyOf(days),
        zone,
        source.number("alerts.connectionFailuresPerMinute", 5, 0, 1_000_000));
  }

  private static DayOfWeek day(String name) {
    String upper = name.strip().toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().equals(upper) || day.name().startsWith(upper) && upper.length() == 3) {
        return day;
      }
    }
    return null;
  }
}
