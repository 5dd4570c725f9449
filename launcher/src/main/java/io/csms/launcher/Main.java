package io.csms.launcher;

import io.csms.simulator.SimulatorCommand;
import io.csms.simulator.benchmark.BenchmarkCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code java -jar csms.jar [serve] [--demo] [--cluster] [--config FILE]}, {@code token ...},
 * {@code simulate ...}, {@code benchmark ...}. Without a subcommand the node starts, so the plain
 * {@code java -jar csms.jar} runs a node.
 */
@Command(name = "csms", mixinStandardHelpOptions = true, version = "csms 0.1.0",
    description = "OCPP 1.6J charging station management system.",
    subcommands = {ServeCommand.class, TokenCommand.class, SimulatorCommand.class, BenchmarkCommand.class})
public class Main implements Callable<Integer> {

  @Mixin
  ServeCommand.Options serve = new ServeCommand.Options();

  @Override
  public Integer call() throws Exception {
    return serve.serve();
  }

  public static void main(String[] args) {
    System.setProperty("hazelcast.logging.type", "slf4j");
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
