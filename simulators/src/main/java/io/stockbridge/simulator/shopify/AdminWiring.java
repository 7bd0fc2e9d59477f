package io.stockbridge.simulator.shopify;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLScalarType;
import graphql.schema.TypeResolver;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.ScalarWiringEnvironment;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes Shopify's SDL executable: every custom scalar passes values through, every interface and
 * union resolves by the {@code __typename} entry of the Map that represents an object, root fields
 * go to {@link RootFields}, all other fields read the Map (calling a {@link Resolver} if present).
 */
final class AdminWiring implements WiringFactory {
  @Override
  public boolean providesScalar(ScalarWiringEnvironment environment) {
    return !ScalarInfo.isGraphqlSpecifiedScalar(environment.getScalarTypeDefinition().getName());
  }

  @Override
  public GraphQLScalarType getScalar(ScalarWiringEnvironment environment) {
    String name = environment.getScalarTypeDefinition().getName();
    return GraphQLScalarType.newScalar().name(name).coercing(new PassThrough()).build();
  }

  @Override
  public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
    return true;
  }

  @Override
  public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
    return AdminWiring::byTypename;
  }

  @Override
  public boolean providesTypeResolver(UnionWiringEnvironment environment) {
    return true;
  }

  @Override
  public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
    return AdminWiring::byTypename;
  }

  private static graphql.schema.GraphQLObjectType byTypename(
      graphql.TypeResolutionEnvironment env) {
    Object source = env.getObject();
    String typename = source instanceof Map<?, ?> map ? (String) map.get("__typename") : null;
    return typename == null ? null : env.getSchema().getObjectType(typename);
  }

  @Override
  public boolean providesDataFetcher(FieldWiringEnvironment environment) {
    String parent = environment.getParentType().getName();
    return parent.equals("QueryRoot") || parent.equals("Mutation");
  }

  @Override
  public DataFetcher<?> getDataFetcher(FieldWiringEnvironment environment) {
    return RootFields.fetcherFor(environment.getFieldDefinition().getName());
  }

  @Override
  public DataFetcher<?> getDefaultDataFetcher(FieldWiringEnvironment environment) {
    String fieldName = environment.getFieldDefinition().getName();
    return env -> {
      Object source = env.getSource();
      if (!(source instanceof Map<?, ?> map)) {
        return null;
      }
      Object value = map.get(fieldName);
      return value instanceof Resolver resolver ? resolver.resolve(env) : value;
    };
  }

  /** Custom scalars (DateTime, Money, URL, JSON, UnsignedInt64...) travel as plain Java values. */
  private static final class PassThrough implements Coercing<Object, Object> {
    @Override
    public Object serialize(Object dataFetcherResult, GraphQLContext context, Locale locale) {
      return dataFetcherResult;
    }

    @Override
    public Object parseValue(Object input, GraphQLContext context, Locale locale) {
      return input;
    }

    @Override
    public Object parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
      return literal(input, variables.toMap());
    }
  }

  /** Converts a literal AST value (with variables substituted) into plain Java values. */
  static Object literal(Value<?> value, Map<String, Object> variables) {
    return switch (value) {
      case StringValue s -> s.getValue();
      case IntValue i -> i.getValue().longValue();
      case FloatValue f -> f.getValue().doubleValue();
      case BooleanValue b -> b.isValue();
      case NullValue n -> null;
      case graphql.language.EnumValue e -> e.getName();
      case VariableReference v -> variables.get(v.getName());
      case ArrayValue a -> a.getValues().stream().map(item -> literal(item, variables)).toList();
      case ObjectValue o -> {
        Map<String, Object> map = new LinkedHashMap<>();
        o.getObjectFields().forEach(f -> map.put(f.getName(), literal(f.getValue(), variables)));
        yield map;
      }
      default -> List.of();
    };
  }
}
