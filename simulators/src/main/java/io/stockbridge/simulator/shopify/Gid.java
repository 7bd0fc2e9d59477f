package io.stockbridge.simulator.shopify;

/** Shopify global ids: {@code gid://shopify/<Type>/<number>}. */
final class Gid {
  private Gid() {}

  static String of(String type, long id) {
    return "gid://shopify/" + type + "/" + id;
  }

  /** The numeric id of {@code gid} when it names {@code type}, else -1. */
  static long parse(String type, Object gid) {
    if (!(gid instanceof String text)) {
      return -1;
    }
    String prefix = "gid://shopify/" + type + "/";
    if (!text.startsWith(prefix)) {
      return -1;
    }
    String rest = text.substring(prefix.length());
    int query = rest.indexOf('?');
    try {
      return Long.parseLong(query < 0 ? rest : rest.substring(0, query));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
