package io.stockbridge.simulator.shopify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The subset of Shopify's search syntax the simulator understands: terms {@code field:value} (value
 * optionally in double quotes, trailing {@code *} as prefix match) joined by {@code OR}. A null or
 * blank query matches everything. Immutable.
 */
final class SearchQuery {
  record Term(String field, String value, boolean prefix) {}

  private final List<Term> terms;

  private SearchQuery(List<Term> terms) {
    this.terms = terms;
  }

  static SearchQuery parse(String query) {
    List<Term> terms = new ArrayList<>();
    if (query == null || query.isBlank()) {
      return new SearchQuery(terms);
    }
    for (String part : query.split("\\s+OR\\s+")) {
      String text = part.trim();
      int colon = text.indexOf(':');
      String field = colon < 0 ? "default" : text.substring(0, colon).trim();
      String value = colon < 0 ? text : text.substring(colon + 1).trim();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
      }
      boolean prefix = value.endsWith("*");
      terms.add(new Term(field, prefix ? value.substring(0, value.length() - 1) : value, prefix));
    }
    return new SearchQuery(terms);
  }

  /** True when any term matches; {@code fields} gives a value per field name (null if absent). */
  boolean matches(Map<String, String> fields) {
    if (terms.isEmpty()) {
      return true;
    }
    BiPredicate<String, Term> match =
        (actual, term) ->
            actual != null
                && (term.prefix()
                    ? actual
                        .toLowerCase(Locale.ROOT)
                        .startsWith(term.value().toLowerCase(Locale.ROOT))
                    : actual.equalsIgnoreCase(term.value()));
    for (Term term : terms) {
      if (term.field().equals("default")) {
        for (String actual : fields.values()) {
          if (actual != null
              && actual.toLowerCase(Locale.ROOT).contains(term.value().toLowerCase(Locale.ROOT))) {
            return true;
          }
        }
      } else if (match.test(fields.get(term.field()), term)) {
        return true;
      }
    }
    return false;
  }
}
