/** The command line ({@code ./stockbridge}): one picocli command class per verb. */
package io.stockbridge.cli;
