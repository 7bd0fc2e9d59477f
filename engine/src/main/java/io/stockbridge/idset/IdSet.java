package io.stockbridge.idset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A Brightpearl ID set: positive integer ids written as single ids and inclusive ranges, such as
 * {@code 8}, {@code 1001-1010}, {@code 4,2,99} or {@code 1-5,99,202}. Immutable and thread-safe;
 * ids are kept sorted and distinct.
 */
public final class IdSet {
  /**
   * Default for the most ids an ID set's elements may span when parsed, repeats included: what
   * parsing costs is the ids its ranges name, so a set repeating {@code 1-100000} is refused early
   * instead of costing seconds of CPU.
   */
  public static final long MAX_PARSED_IDS = 1_000_000;

  /**
   * Longest ID set text parsed, in characters, whatever the body limit ({@code http.maxBodyBytes})
   * allows: the number of elements, and so the parsing work, is bounded by it as well as by the ids
   * the elements span.
   */
  public static final int MAX_TEXT_CHARS = 1_048_576;

  private static final int MAX_QUOTED = 60;

  private final long[] ids;

  private IdSet(long[] sortedDistinctIds) {
    this.ids = sortedDistinctIds;
  }

  /**
   * Parses an ID set spanning at most {@link #MAX_PARSED_IDS} ids; see {@link #parse(String,
   * long)}.
   */
  public static IdSet parse(String text) {
    return parse(text, MAX_PARSED_IDS);
  }

  /**
   * Parses an ID set (ASCII digits only) of at most {@link #MAX_TEXT_CHARS} characters whose
   * elements span at most {@code maxIds} ids, counting each range's ids and repeats; throws {@link
   * InvalidIdSetException} naming the bad part or the limit. Work and memory are bounded by both.
   */
  public static IdSet parse(String text, long maxIds) {
    if (maxIds < 1 || maxIds > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxIds must be 1.." + (Integer.MAX_VALUE - 8));
    }
    if (text == null || text.isBlank()) {
      throw new InvalidIdSetException("ID set is empty");
    }
    if (text.length() > MAX_TEXT_CHARS) {
      throw new InvalidIdSetException(
          "ID set is "
              + text.length()
              + " characters long; the limit of its text is "
              + MAX_TEXT_CHARS
              + " characters");
    }
    List<long[]> ranges = new ArrayList<>();
    long spanned = 0;
    for (String rawPart : text.split(",", -1)) {
      String part = rawPart.strip();
      if (part.isEmpty()) {
        throw new InvalidIdSetException("ID set " + quote(text) + " has an empty element");
      }
      int dash = part.indexOf('-');
      long from;
      long to;
      if (dash < 0) {
        from = parseId(part, text);
        to = from;
      } else {
        from = parseId(part.substring(0, dash).strip(), text);
        to = parseId(part.substring(dash + 1).strip(), text);
        if (to < from) {
          throw new InvalidIdSetException("ID set range " + quote(part) + " runs backwards");
        }
      }
      spanned += to - from + 1;
      if (spanned > maxIds) {
        throw new InvalidIdSetException(
            "ID set "
                + quote(text)
                + " spans more than "
                + maxIds
                + " ids (each range's ids counted, repeats included)",
            true);
      }
      ranges.add(new long[] {from, to});
    }
    return new IdSet(distinctIds(ranges, spanned));
  }

  /** The ids of {@code ranges} sorted and distinct; {@code spanned} bounds their number. */
  private static long[] distinctIds(List<long[]> ranges, long spanned) {
    ranges.sort((a, b) -> Long.compare(a[0], b[0]));
    long[] out = new long[(int) spanned];
    int n = 0;
    long next = Long.MIN_VALUE; // the smallest id not yet written
    for (long[] range : ranges) {
      for (long id = Math.max(range[0], next); id <= range[1]; id++) {
        out[n++] = id;
      }
      next = Math.max(next, range[1] + 1);
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  private static long parseId(String digits, String whole) {
    if (digits.isEmpty() || digits.length() > 18 || !isAsciiDigits(digits)) {
      throw new InvalidIdSetException(
          "ID set " + quote(whole) + " has an invalid id " + quote(digits));
    }
    long id = Long.parseLong(digits);
    if (id <= 0) {
      throw new InvalidIdSetException(
          "ID set " + quote(whole) + " has id " + id + "; ids are positive");
    }
    return id;
  }

  private static boolean isAsciiDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** {@code text} in quotes, shortened when long (an ID set can be thousands of characters). */
  private static String quote(String text) {
    return text.length() <= MAX_QUOTED
        ? "'" + text + "'"
        : "'" + text.substring(0, MAX_QUOTED) + "...' (" + text.length() + " characters)";
  }

  /** An ID set of the given positive ids (duplicates and order do not matter). */
  public static IdSet of(Collection<Long> ids) {
    long[] sorted = ids.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
    for (long id : sorted) {
      if (id <= 0) {
        throw new InvalidIdSetException("ids are positive, got " + id);
      }
    }
    return new IdSet(sorted);
  }

  public static IdSet of(long... ids) {
    List<Long> boxed = new ArrayList<>(ids.length);
    for (long id : ids) {
      boxed.add(id);
    }
    return of(boxed);
  }

  public int size() {
    return ids.length;
  }

  public boolean isEmpty() {
    return ids.length == 0;
  }

  public List<Long> ids() {
    List<Long> list = new ArrayList<>(ids.length);
    for (long id : ids) {
      list.add(id);
    }
    return List.copyOf(list);
  }

  /** Splits into consecutive ID sets of at most {@code maxIds} ids each (e.g. 200 per request). */
  public List<IdSet> chunks(int maxIds) {
    if (maxIds <= 0) {
      throw new IllegalArgumentException("maxIds must be positive, got " + maxIds);
    }
    List<IdSet> chunks = new ArrayList<>();
    for (int start = 0; start < ids.length; start += maxIds) {
      long[] part = java.util.Arrays.copyOfRange(ids, start, Math.min(ids.length, start + maxIds));
      chunks.add(new IdSet(part));
    }
    return chunks;
  }

  /** The compact form: consecutive ids become ranges, e.g. {@code 1-5,99,202}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < ids.length) {
      int j = i;
      while (j + 1 < ids.length && ids[j + 1] == ids[j] + 1) {
        j++;
      }
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(ids[i]);
      if (j > i) {
        out.append('-').append(ids[j]);
      }
      i = j + 1;
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdSet that && java.util.Arrays.equals(ids, that.ids);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(ids);
  }
}
