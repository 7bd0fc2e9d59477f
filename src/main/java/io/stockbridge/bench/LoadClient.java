package io.stockbridge.bench;

import java.io.BufferedInputStream;
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
        in = new BufferedInputStream(socket.getInputStream(), 8192);
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
      } else if (name.equalsIgnoreCase("Connection") && line.toLowerCase().contains("close")) {
        closeAfter = true;
      }
    }
    if (in.readNBytes(length).length != length) {
      throw new IOException("response body cut short");
    }
    if (closeAfter) {
      close();
    }
    return status;
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
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
