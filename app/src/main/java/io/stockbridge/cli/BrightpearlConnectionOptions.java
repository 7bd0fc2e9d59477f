package io.stockbridge.cli;

import io.stockbridge.config.Secret;
import io.stockbridge.connector.brightpearl.BrightpearlAuth;
import io.stockbridge.connector.brightpearl.BrightpearlSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options naming a Brightpearl account and its credentials, shared by Brightpearl commands.
 * Credentials are best given through the environment (a command line is visible to other users).
 */
public final class BrightpearlConnectionOptions {
  @Option(
      names = "--base-url",
      description = "API host, e.g. https://euw1.brightpearlconnect.com or a simulator's URL")
  String baseUrl;

  @Option(
      names = "--datacentre",
      description = "Datacentre such as euw1 or use1 (instead of --base-url)")
  String datacentre;

  @Option(
      names = "--account",
      required = true,
      defaultValue = "${env:BRIGHTPEARL_ACCOUNT}",
      description = "Brightpearl account code (env BRIGHTPEARL_ACCOUNT)")
  String account;

  @Option(
      names = "--app-ref",
      defaultValue = "${env:BRIGHTPEARL_APP_REF}",
      description = "brightpearl-app-ref (env BRIGHTPEARL_APP_REF)")
  String appRef;

  @Option(
      names = "--dev-ref",
      defaultValue = "${env:BRIGHTPEARL_DEV_REF}",
      description = "brightpearl-dev-ref, OAuth apps (env BRIGHTPEARL_DEV_REF)")
  String devRef;

  @Option(
      names = "--token",
      defaultValue = "${env:BRIGHTPEARL_TOKEN}",
      description = "OAuth access token (env BRIGHTPEARL_TOKEN)")
  String token;

  @Option(
      names = "--account-token",
      defaultValue = "${env:BRIGHTPEARL_ACCOUNT_TOKEN}",
      description = "Private app account token (env BRIGHTPEARL_ACCOUNT_TOKEN)")
  String accountToken;

  /** Settings from the options; a {@link CommandLine.ParameterException} says what is missing. */
  BrightpearlSettings settings(CommandLine commandLine) {
    BrightpearlSettings.Builder settings = BrightpearlSettings.builder().accountCode(account);
    if ((baseUrl == null) == (datacentre == null)) {
      throw new CommandLine.ParameterException(
          commandLine, "give exactly one of --base-url or --datacentre");
    }
    if (baseUrl != null) {
      settings.baseUrl(baseUrl);
    } else {
      settings.datacentre(datacentre);
    }
    if (blank(appRef)) {
      throw new CommandLine.ParameterException(
          commandLine, "--app-ref (or BRIGHTPEARL_APP_REF) is required");
    }
    if (!blank(token)) {
      if (blank(devRef)) {
        throw new CommandLine.ParameterException(
            commandLine, "an OAuth --token needs --dev-ref (or BRIGHTPEARL_DEV_REF)");
      }
      settings.auth(new BrightpearlAuth.OAuth(Secret.of(token), appRef, devRef));
    } else if (!blank(accountToken)) {
      settings.auth(new BrightpearlAuth.PrivateApp(appRef, Secret.of(accountToken)));
    } else {
      throw new CommandLine.ParameterException(
          commandLine,
          "credentials missing: set --token/BRIGHTPEARL_TOKEN (OAuth app) or"
              + " --account-token/BRIGHTPEARL_ACCOUNT_TOKEN (private app)");
    }
    return settings.build();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
