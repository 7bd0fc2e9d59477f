package io.stockbridge.simulator.shopify;

import graphql.language.ArrayValue;
import graphql.language.Node;
import graphql.language.OperationDefinition;
import java.util.List;
import java.util.Map;

/** Shopify refuses any input array longer than 250 items, in variables or inline literals. */
final class InputLimits {
  private InputLimits() {}

  /** The error message for the first input array over {@code max} items, or null. */
  static String firstTooLong(
      OperationDefinition operation, Map<String, Object> variables, int max) {
    Integer size = longest(variables, max);
    if (size == null) {
      size = longestLiteral(operation, max);
    }
    return size == null
        ? null
        : "The input array size of "
            + size
            + " is greater than the maximum allowed of "
            + max
            + ".";
  }

  private static Integer longest(Object value, int max) {
    if (value instanceof List<?> list) {
      if (list.size() > max) {
        return list.size();
      }
      for (Object item : list) {
        Integer found = longest(item, max);
        if (found != null) {
          return found;
        }
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Object item : map.values()) {
        Integer found = longest(item, max);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static Integer longestLiteral(Node<?> node, int max) {
    if (node instanceof ArrayValue array && array.getValues().size() > max) {
      return array.getValues().size();
    }
    for (Node<?> child : node.getChildren()) {
      Integer found = longestLiteral(child, max);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
