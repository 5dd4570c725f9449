package io.csms.simulator.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The warm-up before the measured window (one session cycle unless asked for more, and named in the report's
 * arguments), and the commit the report names.
 */
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

  @Test
  void theReportNamesTheCommitOfTheCheckoutHoldingTheNodesJar(@TempDir Path dir) throws Exception {
    Path checkout = Files.createDirectories(dir.resolve("checkout"));
    Path jar = Files.writeString(Files.createDirectories(checkout.resolve("launcher/target")).resolve("csms.jar"), "jar");
    Path tracked = Files.writeString(checkout.resolve("README.md"), "v1");
    git(checkout, "init", "-q");
    git(checkout, "add", "README.md");
    git(checkout, "-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-q", "-m", "v1");
    String head = git(checkout, "rev-parse", "--short", "HEAD").trim();

    assertEquals(head, BenchmarkCommand.commit(jar));
    Files.writeString(tracked, "v2");
    assertEquals(head + "+changes", BenchmarkCommand.commit(jar));
    // A jar copied out of any checkout: no git error text in the report.
    Path copied = Files.copy(jar, Files.createDirectories(dir.resolve("elsewhere")).resolve("csms.jar"));
    assertEquals("unknown", BenchmarkCommand.commit(copied));
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
