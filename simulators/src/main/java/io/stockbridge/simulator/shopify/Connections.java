package io.stockbridge.simulator.shopify;

import graphql.GraphqlErrorException;
import graphql.schema.DataFetchingEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Relay connections over an ordered list: {@code first/after}, {@code last/before}, cursors. */
final class Connections {
  static final int MAX_PAGE = 250;

  /** Paging through a connection stops here; bulk operations read beyond. */
  static final int MAX_PAGINATED_OBJECTS = 25_000;

  private Connections() {}

  static <T> Map<String, Object> page(
      List<T> all, DataFetchingEnvironment env, Function<T, Map<String, Object>> view) {
    Integer first = env.getArgument("first");
    Integer last = env.getArgument("last");
    int from = 0;
    int to = all.size();
    String after = env.getArgument("after");
    String before = env.getArgument("before");
    if (after != null) {
      from = Math.min(all.size(), decode(after) + 1);
    }
    if (before != null) {
      to = Math.max(from, Math.min(to, decode(before)));
    }
    boolean bulk = RequestContext.of(env).bulk;
    if (!bulk && first == null && last == null) {
      throw GraphqlErrorException.newErrorException()
          .message("you must provide one of first or last")
          .build();
    }
    if (!bulk && from >= MAX_PAGINATED_OBJECTS) {
      throw GraphqlErrors.error(
          "Pagination is limited to the first 25,000 objects; use a bulk operation to read more",
          "BAD_REQUEST");
    }
    if ((first != null && first > MAX_PAGE) || (last != null && last > MAX_PAGE)) {
      throw GraphqlErrors.error("The page size must not exceed 250 (first/last)", "BAD_REQUEST");
    }
    if (first != null) {
      to = Math.min(to, from + first);
    } else if (last != null) {
      from = Math.max(from, to - last);
    }
    List<Map<String, Object>> edges = new ArrayList<>();
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Map<String, Object> node = view.apply(all.get(i));
      nodes.add(node);
      edges.add(Map.of("cursor", encode(i), "node", node));
    }
    Map<String, Object> pageInfo = new LinkedHashMap<>();
    pageInfo.put("hasNextPage", to < all.size());
    pageInfo.put("hasPreviousPage", from > 0);
    pageInfo.put("startCursor", nodes.isEmpty() ? null : encode(from));
    pageInfo.put("endCursor", nodes.isEmpty() ? null : encode(to - 1));
    Map<String, Object> connection = new LinkedHashMap<>();
    connection.put("edges", edges);
    connection.put("nodes", nodes);
    connection.put("pageInfo", pageInfo);
    return connection;
  }

  static String encode(int index) {
    return Base64.getEncoder().encodeToString(("i" + index).getBytes(StandardCharsets.UTF_8));
  }

  private static int decode(String cursor) {
    try {
      String text = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
      return Integer.parseInt(text.substring(1));
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      throw GraphqlErrorException.newErrorException().message("Invalid cursor: " + cursor).build();
    }
  }
}
