package io.stockbridge.cli;

import picocli.CommandLine;

/**
 * Turns an exception from a command into one clear line on stderr and exit code 1; never a stack
 * trace for a user error. Set {@code STOCKBRIDGE_DEBUG=1} to see the trace.
 */
final class CliErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + message);
    if ("1".equals(System.getenv("STOCKBRIDGE_DEBUG"))) {
      e.printStackTrace(commandLine.getErr());
    }
    return 1;
  }
}
