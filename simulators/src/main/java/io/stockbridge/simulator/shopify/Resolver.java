package io.stockbridge.simulator.shopify;

import graphql.schema.DataFetchingEnvironment;

/**
 * A field value computed when the field is selected (connections, arguments, lazy links). Views put
 * a Resolver into the Map that represents an object; {@link AdminWiring}'s default fetcher calls
 * it.
 */
@FunctionalInterface
interface Resolver {
  Object resolve(DataFetchingEnvironment env);
}
