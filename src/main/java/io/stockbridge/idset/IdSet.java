package io.stockbridge.idset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A Brightpearl ID set: positive integer ids written as single ids and inclusive ranges, such as
 * {@code 8}, {@code 1001-1010}, {@code 4,2,99} or {@code 1-5,99,202}. Immutable and thread-safe;
 * ids are kept sorted and distinct.
 */
public final class IdSet {
  /** Ranges wider than this are refused when parsing, so a typo cannot allocate gigabytes. */
  public static final long MAX_PARSED_IDS = 1_000_000;

  private final long[] ids;

  private IdSet(long[] sortedDistinctIds) {
    this.ids = sortedDistinctIds;
  }

  /** Parses an ID set; throws {@link InvalidIdSetException} naming the bad part. */
  public static IdSet parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidIdSetException("ID set is empty");
    }
    TreeSet<Long> values = new TreeSet<>();
    for (String rawPart : text.split(",", -1)) {
      String part = rawPart.strip();
      if (part.isEmpty()) {
        throw new InvalidIdSetException("ID set '" + text + "' has an empty element");
      }
      int dash = part.indexOf('-');
      if (dash < 0) {
        values.add(parseId(part, text));
      } else {
        long from = parseId(part.substring(0, dash).strip(), text);
        long to = parseId(part.substring(dash + 1).strip(), text);
        if (to < from) {
          throw new InvalidIdSetException("ID set range '" + part + "' runs backwards");
        }
        if (to - from + 1 + values.size() > MAX_PARSED_IDS) {
          throw new InvalidIdSetException(
              "ID set '" + text + "' names more than " + MAX_PARSED_IDS + " ids");
        }
        for (long id = from; id <= to; id++) {
          values.add(id);
        }
      }
    }
    return of(values);
  }

  private static long parseId(String digits, String whole) {
    if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 18) {
      throw new InvalidIdSetException("ID set '" + whole + "' has an invalid id '" + digits + "'");
    }
    long id = Long.parseLong(digits);
    if (id <= 0) {
      throw new InvalidIdSetException("ID set '" + whole + "' has id " + id + "; ids are positive");
    }
    return id;
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
