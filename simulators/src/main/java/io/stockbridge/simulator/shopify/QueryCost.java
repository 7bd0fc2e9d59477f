package io.stockbridge.simulator.shopify;

import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;
import java.util.List;
import java.util.Map;

/**
 * Shopify's calculated query cost (shopify.dev, "GraphQL Admin API rate limits"), the documented
 * defaults: scalars and enums 0, objects 1, interfaces and unions 1 plus the most expensive of
 * their possible selections (fragments on different types are not summed), a connection 2 plus
 * {@code first}/{@code last} times the cost of one node, its own fields ({@code pageInfo} within
 * the 2) counted once, a mutation 10 ({@code productSet}: 10 + 0.2 per variant + 0.4 per metafield,
 * rounded up). The actual cost sizes each connection by the nodes really returned. Stateless.
 */
final class QueryCost {
  static final int MUTATION_COST = 10;
  static final int MAX_QUERY_COST = 1000;
  private static final java.util.Set<String> CONNECTION_OWN =
      java.util.Set.of("edges", "nodes", "pageInfo");

  private final GraphQLSchema schema;
  private final Document document;
  private final Map<String, Object> variables;

  QueryCost(GraphQLSchema schema, Document document, Map<String, Object> variables) {
    this.schema = schema;
    this.document = document;
    this.variables = variables;
  }

  /** Requested cost of {@code operation}; with {@code data}, the actual cost of that result. */
  int cost(OperationDefinition operation, Map<String, Object> data) {
    boolean mutation = operation.getOperation() == OperationDefinition.Operation.MUTATION;
    GraphQLCompositeType root = mutation ? schema.getMutationType() : schema.getQueryType();
    if (mutation) {
      double total = 0;
      for (Selection<?> selection : operation.getSelectionSet().getSelections()) {
        if (selection instanceof Field field && !field.getName().startsWith("__")) {
          total += mutationCost(field);
        }
      }
      return (int) Math.ceil(total);
    }
    return (int) Math.ceil(selections(operation.getSelectionSet(), root, data));
  }

  private double mutationCost(Field field) {
    if (!field.getName().equals("productSet")) {
      return MUTATION_COST;
    }
    Object input = argument(field, "input");
    if (!(input instanceof Map<?, ?> product)) {
      return MUTATION_COST;
    }
    int variants = 0;
    int metafields = size(product.get("metafields"));
    if (product.get("variants") instanceof List<?> list) {
      variants = list.size();
      for (Object variant : list) {
        if (variant instanceof Map<?, ?> map) {
          metafields += size(map.get("metafields"));
        }
      }
    }
    return MUTATION_COST + 0.2 * variants + 0.4 * metafields;
  }

  private double selections(SelectionSet set, GraphQLCompositeType parent, Object data) {
    if (set == null) {
      return 0;
    }
    List<GraphQLObjectType> possible = possibleTypes(parent);
    if (possible.isEmpty() || !hasTypeConditions(set)) {
      return selectionsOn(set, parent, data);
    }
    // An interface or union costs the most expensive of its possible selections, not their sum.
    double most = 0;
    for (GraphQLObjectType type : possible) {
      most = Math.max(most, selectionsOn(set, type, data));
    }
    return most;
  }

  /** The selections of {@code set} that apply when the value is of type {@code type}. */
  private double selectionsOn(SelectionSet set, GraphQLCompositeType type, Object data) {
    double total = 0;
    for (Selection<?> selection : set.getSelections()) {
      switch (selection) {
        case Field field -> total += field(field, type, data);
        case InlineFragment fragment -> {
          String condition =
              fragment.getTypeCondition() == null ? null : fragment.getTypeCondition().getName();
          if (applies(condition, type)) {
            total += selections(fragment.getSelectionSet(), narrowest(condition, type), data);
          }
        }
        case FragmentSpread spread -> {
          FragmentDefinition definition = fragment(spread.getName());
          if (definition != null && applies(definition.getTypeCondition().getName(), type)) {
            total +=
                selections(
                    definition.getSelectionSet(),
                    narrowest(definition.getTypeCondition().getName(), type),
                    data);
          }
        }
        default -> {}
      }
    }
    return total;
  }

  /** Whether a fragment on {@code condition} applies to a value of type {@code type}. */
  private boolean applies(String condition, GraphQLCompositeType type) {
    if (condition == null || condition.equals(type.getName())) {
      return true;
    }
    if (!(type instanceof GraphQLObjectType object)) {
      // An abstract type here has no type-conditioned selections (see selections): keep them all.
      return true;
    }
    return possibleTypes(schema.getType(condition) instanceof GraphQLCompositeType c ? c : null)
        .contains(object);
  }

  /** The type a fragment's selections apply to: the concrete type when known, else its own. */
  private GraphQLCompositeType narrowest(String condition, GraphQLCompositeType type) {
    return type instanceof GraphQLObjectType ? type : typeOf(condition, type);
  }

  private List<GraphQLObjectType> possibleTypes(GraphQLCompositeType type) {
    if (type instanceof GraphQLInterfaceType face) {
      return schema.getImplementations(face);
    }
    if (type instanceof GraphQLUnionType union) {
      return union.getTypes().stream()
          .filter(GraphQLObjectType.class::isInstance)
          .map(GraphQLObjectType.class::cast)
          .toList();
    }
    return List.of();
  }

  private static boolean hasTypeConditions(SelectionSet set) {
    return set.getSelections().stream()
        .anyMatch(
            s ->
                (s instanceof InlineFragment f && f.getTypeCondition() != null)
                    || s instanceof FragmentSpread);
  }

  private double field(Field field, GraphQLCompositeType parent, Object data) {
    if (field.getName().startsWith("__") || !(parent instanceof GraphQLFieldsContainer container)) {
      return 0;
    }
    GraphQLFieldDefinition definition = container.getFieldDefinition(field.getName());
    if (definition == null) {
      return 0;
    }
    GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
    if (type instanceof GraphQLScalarType || type instanceof GraphQLEnumType) {
      return 0;
    }
    Object value = null;
    if (data != null) {
      value = data instanceof Map<?, ?> map ? map.get(field.getResultKey()) : null;
      if (value == null) {
        return 0;
      }
    }
    GraphQLCompositeType composite = (GraphQLCompositeType) type;
    if (composite.getName().endsWith("Connection")) {
      double size = data == null ? connectionSize(field) : returnedNodes(value);
      return 2
          + size * connectionNode(field.getSelectionSet(), composite)
          + connectionFields(field.getSelectionSet(), composite, value);
    }
    Object sample = value instanceof List<?> list ? (list.isEmpty() ? null : list.get(0)) : value;
    if (data != null && sample == null) {
      return 1;
    }
    return 1 + selections(field.getSelectionSet(), composite, sample);
  }

  /**
   * The cost of one node of a connection: its edges/node or nodes selection, whichever is more.
   * Other object fields of the connection itself are counted once, by the usual rules, in {@link
   * #connectionFields}; {@code pageInfo} is part of the connection's own 2 points.
   */
  private double connectionNode(SelectionSet set, GraphQLCompositeType connection) {
    double most = 0;
    for (Selection<?> selection : set.getSelections()) {
      if (!(selection instanceof Field field)
          || !(connection instanceof GraphQLFieldsContainer container)) {
        continue;
      }
      GraphQLFieldDefinition definition = container.getFieldDefinition(field.getName());
      if (definition == null) {
        continue;
      }
      GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
      if (field.getName().equals("nodes")) {
        most =
            Math.max(
                most, 1 + selections(field.getSelectionSet(), (GraphQLCompositeType) type, null));
      } else if (field.getName().equals("edges")) {
        most =
            Math.max(most, selections(field.getSelectionSet(), (GraphQLCompositeType) type, null));
      }
    }
    return most;
  }

  /** The connection's own fields beyond edges, nodes and pageInfo, counted once (not per node). */
  private double connectionFields(SelectionSet set, GraphQLCompositeType connection, Object data) {
    double total = 0;
    for (Selection<?> selection : set.getSelections()) {
      if (selection instanceof Field field
          && !CONNECTION_OWN.contains(field.getName())
          && connection instanceof GraphQLFieldsContainer) {
        total += field(field, connection, data);
      }
    }
    return total;
  }

  private double connectionSize(Field field) {
    Object first = argument(field, "first");
    Object last = argument(field, "last");
    Object size = first != null ? first : last;
    return size instanceof Number number ? number.doubleValue() : 0;
  }

  private static double returnedNodes(Object connection) {
    if (connection instanceof Map<?, ?> map) {
      int edges = size(map.get("edges"));
      int nodes = size(map.get("nodes"));
      return Math.max(edges, nodes);
    }
    return 0;
  }

  private Object argument(Field field, String name) {
    for (Argument argument : field.getArguments()) {
      if (argument.getName().equals(name)) {
        return AdminWiring.literal(argument.getValue(), variables);
      }
    }
    return null;
  }

  private GraphQLCompositeType typeOf(String name, GraphQLCompositeType fallback) {
    return name != null && schema.getType(name) instanceof GraphQLCompositeType type
        ? type
        : fallback;
  }

  private FragmentDefinition fragment(String name) {
    return document.getDefinitionsOfType(FragmentDefinition.class).stream()
        .filter(f -> f.getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  private static int size(Object value) {
    return value instanceof List<?> list ? list.size() : 0;
  }
}
