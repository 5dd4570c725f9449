package io.csms.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar csms.jar [serve] [--demo] [--cluster] [--config FILE]}, {@code token ...}.
 * Without a subcommand the node starts, so the plain {@code java -jar csms.jar} runs a node.
 */
@Command(name = "csms", mixinStandardHelpOptions = true, version = "csms 0.1.0",
    description = "OCPP 1.6J charging station management system.",
    subcommands = {ServeCommand.class})
public class Main extends ServeCommand {

  public static void main(String[] args) {
    System.setProperty("hazelcast.logging.type", "slf4j");
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
