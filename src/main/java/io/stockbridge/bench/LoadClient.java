package io.stockbridge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A lean HTTP/1.1 keep-alive client for load generation only: one socket, one request at a time,
 * {@code Content-Length} responses. The JDK's HttpClient spends more CPU per request than the
 * server under test on this 2-core machine, which would measure the client instead of the server.
 * Not thread-safe: one per sending thread.
 */
final class LoadClient implements AutoCloseable {
  private final String host;
  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private final byte[] buffer = new byte[16 * 1024];
  private int start;
  private int end;

  LoadClient(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * POSTs a JSON body to {@code pathAndQuery}; returns the status code (-1 on a broken connection).
   */
  int postJson(String pathAndQuery, byte[] body) {
    try {
      if (socket == null) {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        start = 0;
        end = 0;
      }
      String head =
          "POST "
              + pathAndQuery
              + " HTTP/1.1\r\nHost: "
              + host
              + ":"
              + port
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length
              + "\r\n\r\n";
      byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
      byte[] request = new byte[headBytes.length + body.length];
      System.arraycopy(headBytes, 0, request, 0, headBytes.length);
      System.arraycopy(body, 0, request, headBytes.length, body.length);
      out.write(request);
      out.flush();
      return readResponse();
    } catch (IOException e) {
      close();
      return -1;
    }
  }

  private int readResponse() throws IOException {
    String statusLine = readLine();
    int status = Integer.parseInt(statusLine.substring(9, 12));
    int length = 0;
    boolean closeAfter = false;
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).strip();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(line.substring(colon + 1).strip());
      } else if (name.equalsIgnoreCase("Connection")
          && line.toLowerCase(java.util.Locale.ROOT).contains("close")) {
        closeAfter = true;
      }
    }
    skip(length);
    if (closeAfter) {
      close();
    }
    return status;
  }

  /** Reads one header line from the buffer (no per-byte stream calls). */
  private String readLine() throws IOException {
    while (true) {
      for (int i = start; i < end; i++) {
        if (buffer[i] == '\n') {
          int lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
          String line = new String(buffer, start, lineEnd - start, StandardCharsets.US_ASCII);
          start = i + 1;
          return line;
        }
      }
      fill();
    }
  }

  private void skip(int bytes) throws IOException {
    int remaining = bytes;
    while (remaining > 0) {
      if (start == end) {
        fill();
      }
      int taken = Math.min(remaining, end - start);
      start += taken;
      remaining -= taken;
    }
  }

  private void fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end == buffer.length) {
      throw new IOException("response header too long");
    }
    int n = in.read(buffer, end, buffer.length - end);
    if (n < 0) {
      throw new IOException("connection closed");
    }
    end += n;
  }

  @Override
  public void close() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    } finally {
      socket = null;
    }
  }
}
