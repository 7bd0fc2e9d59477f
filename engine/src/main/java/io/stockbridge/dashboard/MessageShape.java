package io.stockbridge.dashboard;

import io.stockbridge.auth.ApiKeys;
import java.util.regex.Pattern;

/**
 * The shape of an error message: what stays the same when the same failure happens to other events.
 * Quoted text becomes {@code '…'}, global ids {@code gid://…}, and numbers (ids, counts, times, hex
 * ids) {@code #}; whitespace is collapsed; at most {@value #MAX_LENGTH} characters.
 */
public final class MessageShape {
  static final int MAX_LENGTH = 200;
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
  private static final Pattern GID = Pattern.compile("gid://[\\w./-]+");
  private static final Pattern UUID =
      Pattern.compile(
          "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
  private static final Pattern NUMBER = Pattern.compile("\\b(?:0x)?[0-9][0-9a-fA-F.:_-]*\\b");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private MessageShape() {}

  public static String of(String message) {
    if (message == null || message.isBlank()) {
      return "(no message)";
    }
    String shape = QUOTED.matcher(message).replaceAll("'…'");
    shape = GID.matcher(shape).replaceAll("gid://…");
    shape = UUID.matcher(shape).replaceAll("#");
    shape = NUMBER.matcher(shape).replaceAll("#");
    shape = SPACE.matcher(shape).replaceAll(" ").strip();
    return shape.length() <= MAX_LENGTH ? shape : shape.substring(0, MAX_LENGTH - 1) + "…";
  }

  /** The id of a cause: a hash of flow, store, error type and message shape. */
  public static String fingerprint(String flow, String store, String errorType, String shape) {
    return ApiKeys.hash(
            flow + "\n" + (store == null ? "" : store) + "\n" + errorType + "\n" + shape)
        .substring(0, 16);
  }
}
