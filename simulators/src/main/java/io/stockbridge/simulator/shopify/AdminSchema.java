package io.stockbridge.simulator.shopify;

import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Shopify's real Admin GraphQL schema, version 2026-10: every type, field, argument and directive
 * of the published SDL ({@code schema/shopify/}), descriptions stripped by {@code
 * scripts/shopify-schema-strip.py}. Built once per JVM (seconds on a busy machine). Thread-safe.
 */
final class AdminSchema {
  static final String RESOURCE = "/shopify/admin-2026-10.graphql";

  private AdminSchema() {}

  private static final class Holder {
    static final GraphQLSchema SCHEMA = build();
    static final GraphQL GRAPHQL = GraphQL.newGraphQL(SCHEMA).build();
  }

  static GraphQLSchema schema() {
    return Holder.SCHEMA;
  }

  static GraphQL graphql() {
    return Holder.GRAPHQL;
  }

  private static GraphQLSchema build() {
    try (InputStream in = AdminSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        TypeDefinitionRegistry registry = new SchemaParser().parse(reader);
        RuntimeWiring wiring =
            RuntimeWiring.newRuntimeWiring().wiringFactory(new AdminWiring()).build();
        return new SchemaGenerator()
            .makeExecutableSchema(
                SchemaGenerator.Options.defaultOptions().captureAstDefinitions(false),
                registry,
                wiring);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
