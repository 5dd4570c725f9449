package io.csms.simulator.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The warm-up before the measured window: one session cycle unless asked for more, and named in the report's arguments. */
class BenchmarkCommandTest {

  private static BenchmarkCommand parse(String... args) {
    BenchmarkCommand command = new BenchmarkCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void theWarmUpIsOneSessionCycleUnlessALongerOneIsAskedFor() {
    BenchmarkCommand standard = parse("--chargers", "10000", "--rate", "3050");
    long cycle = standard.mixPlan().cycleMillis();
    assertTrue(cycle > 120_000 && cycle < 122_000, "about 108 s of session and 12 s of pause, was " + cycle);
    assertEquals(cycle, standard.warmUpMillis());
    assertFalse(standard.commandLine().contains("--warm-up"));

    BenchmarkCommand longer = parse("--chargers", "10000", "--rate", "3050", "--warm-up", "360s");
    assertEquals(360_000, longer.warmUpMillis());
    assertTrue(longer.commandLine().endsWith("--warm-up 360s"), longer.commandLine());

    // Shorter than a cycle would measure before the first sessions have spread out.
    assertEquals(cycle, parse("--chargers", "10000", "--rate", "3050", "--warm-up", "10s").warmUpMillis());
  }
}
