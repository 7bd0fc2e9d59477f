package io.stockbridge.simulator.shopify;

import graphql.GraphqlErrorException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Top-level GraphQL errors raised from resolvers, and user errors as payload entries. */
final class GraphqlErrors {
  private GraphqlErrors() {}

  static GraphqlErrorException error(String message, String code) {
    return GraphqlErrorException.newErrorException()
        .message(message)
        .extensions(Map.of("code", code))
        .build();
  }

  static Map<String, Object> userError(List<String> field, String message, String code) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("field", field);
    error.put("message", message);
    if (code != null) {
      error.put("code", code);
    }
    return error;
  }
}
