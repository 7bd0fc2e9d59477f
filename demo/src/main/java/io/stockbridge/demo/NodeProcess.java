package io.stockbridge.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Another Stockbridge node of a {@link SyncLab}, in a process of its own ({@code stockbridge serve}
 * on the lab's database), so it can be killed as a machine dies: {@link #kill} is a SIGKILL, with
 * no chance to finish or release anything. Close once.
 */
public final class NodeProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final String nodeId;
  private final int port;
  private final Process process;
  private final Path log;

  private NodeProcess(String nodeId, int port, Process process, Path log) {
    this.nodeId = nodeId;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** Starts node {@code nodeId} of {@code lab} and returns once it answers ready. */
  static NodeProcess start(SyncLab lab, String nodeId) {
    try {
      Path dir = lab.spec().dataDir().resolve(nodeId);
      Files.createDirectories(dir);
      int port = freePort();
      Path config = dir.resolve("stockbridge.yaml");
      Files.writeString(config, lab.nodeYaml(nodeId, dir, port));
      Path log = dir.resolve("node.log");
      String java = ProcessHandle.current().info().command().orElse("java");
      Process process =
          new ProcessBuilder(
                  java,
                  "--enable-native-access=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.stockbridge.cli.Main",
                  "serve",
                  "--config",
                  config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      NodeProcess node = new NodeProcess(nodeId, port, process, log);
      node.awaitReady();
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + nodeId, e);
    }
  }

  public String nodeId() {
    return nodeId;
  }

  public int port() {
    return port;
  }

  /** The node's own output (its log). */
  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the node stops at once, mid-request and mid-item, as a crashed machine does. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() throws IOException {
    try {
      pollReady();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while waiting for node " + nodeId, e);
    }
  }

  private void pollReady() throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "node " + nodeId + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        int status =
            client
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "node " + nodeId + " not ready after " + READY_TIMEOUT.toSeconds() + " s; see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Stops the node as an operator does (SIGTERM: it drains), killing it after 20 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }
}
