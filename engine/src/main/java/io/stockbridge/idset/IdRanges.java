package io.stockbridge.idset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ranges of an ID set's text without expanding them: {@code 99,3,1-5} reads as the ranges
 * {@code 1-5} and {@code 99}, sorted and merged, however many ids they span. Work and memory are
 * bounded by the text's length, never by the ids it names (an event's key of {@code 1-1000000}
 * costs one range). Stateless, thread-safe.
 */
public final class IdRanges {
  private IdRanges() {}

  /** A closed range of ids, {@code first <= last}. */
  public record Range(long first, long last) {
    public boolean contains(long id) {
      return first <= id && id <= last;
    }

    /** How many ids the range names. */
    public long size() {
      return last - first + 1;
    }
  }

  /**
   * The sorted, disjoint, merged ranges of {@code text} if it is an ID set (positive ASCII ids and
   * ranges separated by commas), else empty.
   */
  public static Optional<List<Range>> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    List<Range> ranges = new ArrayList<>();
    int length = text.length();
    int i = 0;
    boolean sorted = true;
    while (i <= length) {
      int comma = text.indexOf(',', i);
      int end = comma < 0 ? length : comma;
      String part = text.substring(i, end).strip();
      int dash = part.indexOf('-');
      long first;
      long last;
      if (dash < 0) {
        first = id(part);
        last = first;
      } else {
        first = id(part.substring(0, dash).strip());
        last = id(part.substring(dash + 1).strip());
      }
      if (first <= 0 || last < first) {
        return Optional.empty();
      }
      if (!ranges.isEmpty() && ranges.get(ranges.size() - 1).last() >= first - 1) {
        sorted = false;
      }
      ranges.add(new Range(first, last));
      if (comma < 0) {
        break;
      }
      i = comma + 1;
    }
    return Optional.of(sorted ? ranges : merged(ranges));
  }

  /** Whether the ID set {@code text} names {@code id} (false when the text is no ID set). */
  public static boolean contains(String text, long id) {
    return parse(text).map(ranges -> contains(ranges, id)).orElse(false);
  }

  /** Whether the sorted, disjoint {@code ranges} hold {@code id} (a binary search). */
  public static boolean contains(List<Range> ranges, long id) {
    int low = 0;
    int high = ranges.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      Range range = ranges.get(mid);
      if (id < range.first()) {
        high = mid - 1;
      } else if (id > range.last()) {
        low = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  private static List<Range> merged(List<Range> ranges) {
    List<Range> sorted = new ArrayList<>(ranges);
    sorted.sort((a, b) -> Long.compare(a.first(), b.first()));
    List<Range> out = new ArrayList<>();
    for (Range range : sorted) {
      Range previous = out.isEmpty() ? null : out.get(out.size() - 1);
      if (previous != null && range.first() <= previous.last() + 1) {
        out.set(
            out.size() - 1, new Range(previous.first(), Math.max(previous.last(), range.last())));
      } else {
        out.add(range);
      }
    }
    return out;
  }

  /** The id written in ASCII digits (at most 18), or -1 when it is none. */
  private static long id(String digits) {
    if (digits.isEmpty() || digits.length() > 18) {
      return -1;
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    return Long.parseLong(digits);
  }
}
