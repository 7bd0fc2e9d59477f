package io.stockbridge.cli;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.server.StockbridgeNode;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code serve}: runs a node until SIGINT/SIGTERM, then stops gracefully. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Runs the service: webhook ingestion, the queue, the admin API. Stops on Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @Override
  public Integer call() throws InterruptedException {
    StockbridgeConfig config = configOptions.load();
    StockbridgeNode node = StockbridgeNode.builder(config).start();
    System.err.println(
        "stockbridge: serving on http://"
            + config.http().host()
            + ":"
            + node.port()
            + " ("
            + node.storage().engine().id()
            + "); OpenAPI at /openapi.json; Ctrl-C stops");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }
}
