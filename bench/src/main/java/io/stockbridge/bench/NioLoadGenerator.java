package io.stockbridge.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Load generation over HTTP/1.1 keep-alive connections driven by one thread and one selector, the
 * way wrk does it: on a 2-core machine that shares its cores with the server under test, a thread
 * per connection would measure the client's scheduling instead of the server. Requests are {@code
 * POST} with a JSON body; responses must carry {@code Content-Length}. Not thread-safe.
 */
final class NioLoadGenerator implements AutoCloseable {
  private final Selector selector;
  private final List<Connection> connections = new ArrayList<>();
  private final String path;
  private final String host;
  private int failures;

  NioLoadGenerator(String host, int port, String path, int connectionCount) throws IOException {
    this.selector = Selector.open();
    this.path = path;
    this.host = host + ":" + port;
    for (int i = 0; i < connectionCount; i++) {
      SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
      channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
      channel.configureBlocking(false);
      Connection connection = new Connection(channel);
      channel.register(selector, 0, connection);
      connections.add(connection);
    }
  }

  int failures() {
    return failures;
  }

  /** Sends {@code count} requests as fast as the connections allow (closed loop). */
  void runClosedLoop(int count, LongFunction<byte[]> bodies) throws IOException {
    int started = 0;
    int done = 0;
    for (Connection c : connections) {
      if (started < count) {
        c.start(request(bodies.apply(started++)), System.nanoTime());
      }
    }
    while (done < count) {
      for (Connection finished : poll(1000)) {
        done++;
        if (started < count) {
          finished.start(request(bodies.apply(started++)), System.nanoTime());
        }
      }
    }
  }

  /**
   * Open loop: request i is due at i / rate seconds whatever the earlier ones do; a request waits
   * for a free connection if all are busy, and its latency counts from when it was due.
   */
  long[] runPaced(int count, int rate, LongFunction<byte[]> bodies) throws IOException {
    long[] latencies = new long[count];
    Deque<Connection> idle = new ArrayDeque<>(connections);
    long begin = System.nanoTime();
    long interval = 1_000_000_000L / rate;
    int next = 0;
    int done = 0;
    while (done < count) {
      long now = System.nanoTime();
      while (next < count && begin + next * interval <= now && !idle.isEmpty()) {
        Connection c = idle.poll();
        c.slot = next;
        c.start(request(bodies.apply(next)), begin + next * interval);
        next++;
      }
      long waitNanos =
          next < count ? Math.max(0, begin + next * interval - System.nanoTime()) : 1_000_000;
      for (Connection finished : poll(Math.max(1, waitNanos / 1_000_000))) {
        latencies[finished.slot] = System.nanoTime() - finished.dueNanos;
        done++;
        idle.add(finished);
      }
    }
    return latencies;
  }

  private ByteBuffer request(byte[] body) {
    byte[] head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buffer = ByteBuffer.allocate(head.length + body.length);
    buffer.put(head).put(body).flip();
    return buffer;
  }

  /** Waits up to {@code timeoutMillis} and returns the connections whose response is complete. */
  private List<Connection> poll(long timeoutMillis) throws IOException {
    List<Connection> finished = new ArrayList<>();
    selector.select(timeoutMillis);
    for (SelectionKey key : selector.selectedKeys()) {
      Connection c = (Connection) key.attachment();
      if (key.isWritable()) {
        c.channel.write(c.out);
        if (!c.out.hasRemaining()) {
          key.interestOps(SelectionKey.OP_READ);
        }
      } else if (key.isReadable()) {
        int status = c.readResponse();
        if (status != 0) {
          if (status / 100 != 2) {
            failures++;
          }
          key.interestOps(0);
          finished.add(c);
        }
      }
    }
    selector.selectedKeys().clear();
    return finished;
  }

  @Override
  public void close() throws IOException {
    for (Connection c : connections) {
      c.channel.close();
    }
    selector.close();
  }

  private final class Connection {
    final SocketChannel channel;
    final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    ByteBuffer out;
    long dueNanos;
    int slot;

    Connection(SocketChannel channel) {
      this.channel = channel;
    }

    void start(ByteBuffer request, long due) throws IOException {
      out = request;
      dueNanos = due;
      in.clear();
      channel.write(out);
      channel
          .keyFor(selector)
          .interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** Reads what is there; returns the status once the whole response is in, else 0. */
    int readResponse() throws IOException {
      if (channel.read(in) < 0) {
        throw new IOException("server closed the connection");
      }
      byte[] data = in.array();
      int length = in.position();
      int headerEnd = -1;
      for (int i = 3; i < length; i++) {
        if (data[i] == '\n' && data[i - 1] == '\r' && data[i - 2] == '\n' && data[i - 3] == '\r') {
          headerEnd = i + 1;
          break;
        }
      }
      if (headerEnd < 0) {
        return 0;
      }
      String head = new String(data, 0, headerEnd, StandardCharsets.US_ASCII);
      int bodyLength = 0;
      for (String line : head.split("\r\n")) {
        if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          bodyLength = Integer.parseInt(line.substring(15).strip());
        }
      }
      if (length < headerEnd + bodyLength) {
        return 0;
      }
      return Integer.parseInt(head.substring(9, 12));
    }
  }
}
