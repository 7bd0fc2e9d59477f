package io.stockbridge.cli;

import picocli.CommandLine.Command;

/** {@code simulate brightpearl|shopify}: runs a simulator of the real API as an HTTP server. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Runs a faithful simulator of Brightpearl or Shopify (for demos, tests and trials).",
    subcommands = {BrightpearlSimulateCommand.class, ShopifySimulateCommand.class})
final class SimulateCommand {}
