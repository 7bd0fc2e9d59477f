package io.stockbridge.simulator.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.stockbridge.idset.IdSet;
import io.stockbridge.idset.InvalidIdSetException;

/** Writing {@code {"response": ...}} and {@code {"errors": [...]}} bodies; parsing ID sets. */
final class ApiResponses {
  private ApiResponses() {}

  static void ok(Context ctx, JsonNode response) {
    ObjectNode body = CatalogJson.MAPPER.createObjectNode();
    body.set("response", response);
    ctx.status(200).contentType("application/json").result(body.toString());
  }

  static void error(Context ctx, ApiError error) {
    ObjectNode body = CatalogJson.MAPPER.createObjectNode();
    body.putArray("errors")
        .addObject()
        .put("code", error.code())
        .put("message", error.getMessage());
    ctx.status(error.status()).contentType("application/json").result(body.toString());
  }

  /** The ID set in path parameter {@code name}; 400 when invalid or longer than {@code max}. */
  static IdSet idSet(Context ctx, String name, int max, String what) {
    IdSet ids;
    try {
      ids = IdSet.parse(ctx.pathParam(name));
    } catch (InvalidIdSetException e) {
      throw ApiError.badRequest("CMNC-015", e.getMessage());
    }
    if (ids.size() > max) {
      throw ApiError.badRequest(
          "CMNC-013",
          "You have requested "
              + ids.size()
              + " "
              + what
              + "; at most "
              + max
              + " may be requested at once (use OPTIONS to get the URIs to call)");
    }
    return ids;
  }
}
