package io.stockbridge.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Reads request bodies within a size limit, and checks their content type. */
public final class RequestBodies {
  private RequestBodies() {}

  /** The raw body; 413 when it exceeds {@code limit} bytes (declared or actual). */
  public static byte[] read(Context ctx, long limit) {
    return read(ctx.req(), limit);
  }

  /** The raw body; 413 when it exceeds {@code limit} bytes (declared or actual). */
  public static byte[] read(Exchange exchange, long limit) {
    long declared = exchange.contentLength();
    if (declared > limit) {
      throw tooLarge(limit);
    }
    try (InputStream in = exchange.body()) {
      return read(in, declared, limit);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /** The raw body; 413 when it exceeds {@code limit} bytes (declared or actual). */
  public static byte[] read(jakarta.servlet.http.HttpServletRequest request, long limit) {
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(limit);
    }
    try (InputStream in = request.getInputStream()) {
      return read(in, declared, limit);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private static byte[] read(InputStream in, long declared, long limit) throws IOException {
    // A declared length is read into an array of exactly that size; otherwise read up to the
    // limit.
    byte[] body =
        in.readNBytes(
            (int) (declared >= 0 ? declared : Math.min(Integer.MAX_VALUE - 8, limit + 1)));
    if (body.length > limit || (declared >= 0 && in.read() >= 0)) {
      throw tooLarge(limit);
    }
    return body;
  }

  private static ApiException unreadable(IOException e) {
    return ApiException.badRequest("body could not be read: " + e.getClass().getSimpleName());
  }

  private static ApiException tooLarge(long limit) {
    return new ApiException(
        413, "payload_too_large", "body exceeds the limit of " + limit + " bytes");
  }

  /** 415 unless the request declares a JSON content type. */
  public static void requireJson(Context ctx) {
    requireJson(ctx.contentType());
  }

  /** 415 unless {@code type} is a JSON content type. */
  public static void requireJson(String type) {
    if (type == null || !type.toLowerCase(Locale.ROOT).strip().startsWith("application/json")) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "Content-Type must be application/json, got "
              + (type == null ? "none" : "'" + type + "'"));
    }
  }
}
