package io.csms.simulator.benchmark;

import io.csms.simulator.ChargePointSettings;
import io.csms.simulator.DurationConverter;
import io.csms.simulator.NativeTransport;
import io.csms.simulator.Scenario;
import io.csms.simulator.Simulation;
import io.csms.simulator.SimulationPlan;
import io.csms.simulator.metrics.ProgressLine;
import io.csms.simulator.metrics.SimulationStats;
import io.csms.simulator.responder.NoOpResponderCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The benchmark: for each server under test (the no-op responder as the ceiling, then a CSMS node from
 * the fat jar), in its own JVM: ramp N charge points, measure the heap per idle connection, drive the
 * session mix at a target rate for a set time, then a closed-loop saturation phase; print the figures and
 * append them to docs/benchmarks.md.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Measure connections, throughput, latency, heap and CPU of a CSMS node against a no-op ceiling.")
public final class BenchmarkCommand implements Callable<Integer> {
  private static final String ID_PREFIX = "BENCH-CP-";
  /** One driver per charge point: a CSMS rightly refuses one tag charging in many places (ConcurrentTx). */
  private static final String ID_TAG = "BT{n}";
  // The end stops every running session at once; a stop refused as busy is sent again after the charge point's
  // TransactionMessageRetryInterval (30 s): the grace leaves room for that retry and a second one.
  private static final long SHUTDOWN_GRACE_MILLIS = 2 * ChargePointSettings.DEFAULT_TRANSACTION_RETRY_MILLIS + 15_000;
  // Twice the p99 target: a second with an answer this slow is one the tail is made of.
  private static final long SLOW_SECOND_MICROS = 100_000;
  private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(15);

  @Option(names = "--chargers", defaultValue = "500", description = "Charge points held (default: ${DEFAULT-VALUE})")
  int chargers;

  @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
      description = "Measured window of the paced mix (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--warm-up", converter = DurationConverter.class,
      description = "How long the paced mix runs before the window; at least one session cycle, so that sessions "
          + "are spread out (default: one session cycle). Longer lets both JVMs finish compiling their hot code.")
  Duration warmUp;

  @Option(names = "--rate", defaultValue = "3000", description = "Target CALLs/s of the paced mix (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--ramp-per-second", defaultValue = "500", description = "Connections opened per second (default: ${DEFAULT-VALUE})")
  double rampPerSecond;

  @Option(names = "--meter-share", defaultValue = "0.8",
      description = "Share of MeterValues in the mix; with --rate and --chargers it sets the session length, "
          + "pause and meter interval (default: ${DEFAULT-VALUE})")
  double meterShare;

  @Option(names = "--heartbeat", defaultValue = "60s", converter = DurationConverter.class,
      description = "Heartbeat interval of the mix (default: ${DEFAULT-VALUE})")
  Duration heartbeat;

  @Option(names = "--saturate", defaultValue = "15s", converter = DurationConverter.class,
      description = "Closed-loop saturation phase length; 0 skips it (default: ${DEFAULT-VALUE})")
  Duration saturate;

  @Option(names = "--saturate-chargers", defaultValue = "500",
      description = "Charge points sending MeterValues back to back in the saturation phase (default: ${DEFAULT-VALUE})")
  int saturateChargers;

  @Option(names = "--targets", split = ",", defaultValue = "noop,csms",
      description = "Servers to measure, in order: noop, csms (default: ${DEFAULT-VALUE})")
  List<String> targets;

  @Option(names = "--csms-jar", description = "The node's fat jar (default: the running csms.jar, else "
      + "launcher/target/csms.jar)")
  Path csmsJar;

  @Option(names = "--db-url", description = "PostgreSQL server for the node (a fresh database is created on it); "
      + "default: $CSMS_DB_URL, else $CSMS_TEST_DB_URL, else postgresql://postgres@127.0.0.1:5432/postgres")
  String dbUrl;

  @Option(names = "--node-jvm", split = " ", defaultValue = "-Xms4g -Xmx4g -Xmn2g",
      description = "JVM options of the server under test (default: ${DEFAULT-VALUE}, what docs/operations.md "
          + "recommends for a large node)")
  List<String> nodeJvm;

  @Option(names = "--local-address", split = ",", description = "Source addresses to spread connections over")
  List<String> localAddresses = new ArrayList<>();

  @Option(names = "--report", defaultValue = "docs/benchmarks.md", description = "Markdown file the figures are appended to; '-' for none")
  String report;

  @Option(names = "--keep-database", description = "Keep the benchmark database")
  boolean keepDatabase;

  // Off by default: the recording costs the server about a tenth of a core and inflates the latencies it is
  // meant to explain (docs/benchmarks.md, "Reading the figures").
  @Option(names = "--profile", negatable = true, defaultValue = "false", fallbackValue = "true",
      description = "Record the server with Flight Recorder during the paced mix and summarise where its CPU went; "
          + "it slows the server, so latency figures of such a run are not comparable (default: off)")
  boolean profile;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchmarkCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx(NativeTransport.options());
    List<TargetResult> results = new ArrayList<>();
    String load = MachineInfo.loadAverage();
    try {
      for (String target : targets) {
        TargetResult result = new TargetResult("csms".equals(target) ? "CSMS node" : "no-op responder");
        try {
          if ("csms".equals(target)) {
            runCsms(vertx, result);
          } else if ("noop".equals(target)) {
            runNoOp(vertx, result);
          } else {
            throw new IllegalArgumentException("unknown target " + target);
          }
        } catch (Exception e) {
          result.failure = e.getMessage();
          System.out.println("!! " + result.name + " failed: " + e.getMessage());
        }
        results.add(result);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    String markdown = BenchmarkReport.markdown(this, results, load);
    System.out.println();
    System.out.println(markdown);
    if (!"-".equals(report)) {
      Path file = Path.of(report);
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, "\n" + markdown, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      System.out.println("Appended to " + file.toAbsolutePath());
    }
    return results.stream().anyMatch(r -> r.failure != null) ? 1 : 0;
  }

  /**
   * The session cycle that makes the fleet offer about {@link #rate} CALLs/s with {@link #meterShare} of
   * them MeterValues: each cycle is 7 other CALLs (Preparing, Authorize, StartTransaction, Charging,
   * StopTransaction, Finishing, Available) plus K readings, where K / (K + 7) = share; the pause is a tenth
   * of the cycle and unplugging takes 1 s.
   */
  record MixPlan(long sessionMillis, long pauseMillis, long meterMillis) {
    long cycleMillis() {
      return sessionMillis + pauseMillis + 1_000;
    }
  }

  MixPlan mixPlan() {
    double beats = chargers / Math.max(1.0, heartbeat.toMillis() / 1000.0);
    double perCharger = Math.max(1e-3, rate - beats) / chargers;
    double share = Math.min(0.98, Math.max(0.1, meterShare));
    double readings = 7 * share / (1 - share);
    double cycle = Math.max(2.0, (readings + 7) / perCharger);
    double pauseSeconds = Math.max(0.2, cycle * 0.1);
    double session = Math.max(0.5, cycle - pauseSeconds - 1.0);
    // The first reading comes one interval into the session, and a session ends anywhere in its last
    // interval: on average half an interval goes unread, so K readings need K + 0.5 intervals.
    return new MixPlan(Math.round(session * 1000), Math.round(pauseSeconds * 1000),
        Math.max(1, Math.round(session * 1000 / (readings + 0.5))));
  }

  private ChargePointSettings mix(String url) {
    MixPlan mix = mixPlan();
    return new ChargePointSettings(url, 1, mix.meterMillis(), heartbeat.toMillis(), mix.sessionMillis(),
        mix.pauseMillis(), 15_000, 30_000, ID_TAG, Scenario.FULL_SESSION, mix.cycleMillis(),
        ChargePointSettings.DEFAULT_TRANSACTION_RETRY_MILLIS);
  }

  private void runNoOp(Vertx vertx, TargetResult result) throws Exception {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(javaBin()));
    command.addAll(nodeJvm);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), NoOpResponderCommand.class.getName(),
        "--port", Integer.toString(port), "--heartbeat", Long.toString(heartbeat.toSeconds())));
    System.out.println("== no-op responder on port " + port);
    try (NodeProcess node = NodeProcess.start(command, Map.of(), Path.of("target/benchmark/noop.log"), "LISTENING",
        Duration.ofMinutes(1))) {
      measure(vertx, node, null, -1, "ws://127.0.0.1:" + port + "/ocpp", result);
    }
  }

  private void runCsms(Vertx vertx, TargetResult result) throws Exception {
    if (csmsJar == null) {
      String classPath = System.getProperty("java.class.path");
      csmsJar = classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)
          ? Path.of(classPath) : Path.of("launcher/target/csms.jar");
    }
    if (!Files.exists(csmsJar)) {
      throw new IllegalStateException(csmsJar + " not found: build it with ./mvnw -q -pl launcher -am package -DskipTests");
    }
    String server = dbUrl != null ? dbUrl : firstNonBlank(System.getenv("CSMS_DB_URL"), System.getenv("CSMS_TEST_DB_URL"),
        "postgresql://postgres@127.0.0.1:5432/postgres");
    BenchmarkDatabase db = BenchmarkDatabase.create(vertx, server);
    Path dataDir = Files.createTempDirectory("csms-bench");
    try {
      result.databaseSettings = db.serverSettings();
      int port = freePort();
      int httpPort = freePort();
      List<String> command = new ArrayList<>(List.of(javaBin()));
      command.addAll(nodeJvm);
      command.addAll(List.of("-jar", csmsJar.toString(), "serve"));
      Map<String, String> env = Map.of("CSMS_DB_URL", db.url(), "CSMS_OCPP_PORT", Integer.toString(port),
          "CSMS_HTTP_PORT", Integer.toString(httpPort), "CSMS_HOST", "127.0.0.1",
          "CSMS_DATA_DIR", dataDir.toString(),
          "CSMS_OCPP_HEARTBEAT_INTERVAL_SECONDS", Long.toString(heartbeat.toSeconds()));
      System.out.println("== CSMS node on port " + port + ", database " + db.displayUrl());
      try (NodeProcess node = NodeProcess.start(command, env, Path.of("target/benchmark/csms.log"), "is up",
          Duration.ofMinutes(3))) {
        db.seed(ID_PREFIX, "BT", 1, chargers + saturateChargers);
        measure(vertx, node, db, httpPort, "ws://127.0.0.1:" + port + "/ocpp", result);
        result.dbTransactions = db.transactionCounts();
      }
    } finally {
      deleteTree(dataDir);
      if (!keepDatabase) {
        db.close();
      }
    }
  }

  /** The node's data directory (its signing key and files), once the node has stopped; best effort. */
  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }

  /** {@code metricsPort}: where the server serves /metrics with its own answer times; -1 for none. */
  private void measure(Vertx vertx, NodeProcess node, BenchmarkDatabase db, int metricsPort, String url,
                       TargetResult result) throws Exception {
    result.planned = chargers;
    Thread.sleep(2_000);
    result.heapBaselineBytes = node.heapUsedAfterGc();

    // Ramp: every charge point connects and boots; scenarios held back.
    SimulationPlan plan = new SimulationPlan(mix(url), chargers,
        ID_PREFIX, 1, rampPerSecond, localAddresses, false);
    Simulation simulation = new Simulation(vertx, plan);
    SimulationStats stats = simulation.stats();
    ProgressLine progress = new ProgressLine(stats, chargers, System.out, false);
    long rampStart = System.nanoTime();
    await(simulation.start());
    long[] rampEnd = {0};
    Future<Void> booted = simulation.allBooted().onSuccess(v -> rampEnd[0] = System.nanoTime());
    long deadline = rampStart + TimeUnit.SECONDS.toNanos((long) (chargers / rampPerSecond) + 120);
    while (!booted.isComplete() && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      progress.print();
    }
    result.rampSeconds = ((booted.isComplete() ? rampEnd[0] : System.nanoTime()) - rampStart) / 1e9;
    Thread.sleep(3_000); // boot statuses answered
    result.held = stats.connected.sum();
    result.heapConnectedBytes = node.heapUsedAfterGc();
    result.residentKb = node.residentKb();
    System.out.printf(Locale.ROOT, "   %d held after %.1f s; heap %.1f MB -> %.1f MB%n", result.held, result.rampSeconds,
        result.heapBaselineBytes / 1e6, result.heapConnectedBytes / 1e6);

    // The paced mix.
    await(simulation.activate());
    // Warm-up: at least one session cycle (--warm-up for more), so sessions are spread out and the window sees
    // the steady mix.
    long warmUpEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmUpMillis());
    // Starting Flight Recorder stalls the server for a moment: it starts before the window, not in it.
    long recordFrom = warmUpEnd - TimeUnit.SECONDS.toNanos(10);
    boolean recordingStarted = false;
    // The node's /metrics is read as a Prometheus server reads it, every 15 s, so that the read that opens the
    // window finds its code compiled: the first read of a node, on the busy machine, took a core for about a
    // second and showed as the slowest answers of the window's first seconds (docs/benchmarks.md).
    long nextScrape = System.nanoTime();
    while (System.nanoTime() < warmUpEnd) {
      if (profile && !recordingStarted && System.nanoTime() >= recordFrom) {
        node.startRecording();
        recordingStarted = true;
      }
      if (metricsPort >= 0 && System.nanoTime() >= nextScrape) {
        await(NodeMetrics.fetch(vertx, metricsPort));
        nextScrape += SCRAPE_INTERVAL.toNanos();
      }
      Thread.sleep(1_000);
      progress.print();
    }
    if (profile && !recordingStarted) {
      node.startRecording();
    }
    long[] dbBefore = db == null ? null : db.activity();
    AutovacuumPasses autovacuumBefore = db == null ? null : db.autovacuumPasses();
    String metricsBefore = metricsPort < 0 ? null : await(NodeMetrics.fetch(vertx, metricsPort));
    long nodeCpu = node.cpuNanos();
    long ownCpu = ownCpuNanos();
    long databaseCpu = db == null ? -1 : MachineInfo.postgresCpuNanos();
    long[] machine = MachineInfo.cpuJiffies();
    long start = System.nanoTime();
    stats.resetWindow();
    long end = start + duration.toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(1_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      result.secondsMeasured++;
      if (progress.print() > SLOW_SECOND_MICROS) {
        result.slowSeconds++;
      }
    }
    SimulationStats.Window window = stats.resetWindow();
    double wall = (System.nanoTime() - start) / 1e9;
    if (metricsBefore != null) {
      String metricsAfter = await(NodeMetrics.fetch(vertx, metricsPort));
      result.serverLatency = ServerLatency.parse(metricsAfter).since(ServerLatency.parse(metricsBefore));
      result.gcPauses = GcPauses.parse(metricsAfter).since(GcPauses.parse(metricsBefore));
    }
    result.nodeCores = (node.cpuNanos() - nodeCpu) / 1e9 / wall;
    result.simulatorCores = (ownCpuNanos() - ownCpu) / 1e9 / wall;
    long databaseCpuAfter = databaseCpu < 0 ? -1 : MachineInfo.postgresCpuNanos();
    if (databaseCpuAfter >= 0) {
      result.databaseCores = (databaseCpuAfter - databaseCpu) / 1e9 / wall;
    }
    result.machineBusy = MachineInfo.busyBetween(machine, MachineInfo.cpuJiffies());
    result.windowSeconds = window.seconds();
    result.callsSent = window.callsSent.sum();
    result.answered = window.answersReceived.sum();
    result.sessionsStarted = window.sessionsStarted.sum();
    result.sessionsCompleted = window.sessionsCompleted.sum();
    result.connectionsDuringWindow = window.connects.sum();
    result.latencies = window.latencies();
    result.errorsByKind = window.errorsByKind();
    result.errors = window.errors.sum();
    result.transactionRetries = window.transactionRetries.sum();
    result.held = Math.min(result.held, stats.connected.sum());
    if (profile) {
      Path recording = node.log().resolveSibling(node.log().getFileName().toString().replace(".log", ".jfr"));
      node.stopRecording(recording);
      result.profile = CpuProfile.read(recording);
    }
    if (db != null) {
      Thread.sleep(1_000); // pg_stat_database lags by up to half a second
      long[] dbAfter = db.activity();
      double calls = Math.max(1, result.answered);
      result.dbPerCall = new double[] {(dbAfter[0] - dbBefore[0]) / calls, (dbAfter[1] - dbBefore[1]) / calls,
          (dbAfter[2] - dbBefore[2]) / calls};
      result.autovacuumPasses = db.autovacuumPasses().since(autovacuumBefore);
    }
    await(simulation.shutdown(SHUTDOWN_GRACE_MILLIS));
    System.out.printf(Locale.ROOT, "   paced mix: %.0f CALLs/s, p99 %.1f ms, %d errors%n", result.callsPerSecond(),
        result.p99Micros() / 1000.0, result.errors);

    if (!saturate.isZero() && saturateChargers > 0) {
      saturation(vertx, url, result);
    }
  }

  /** Closed loop: each charge point sends its next MeterValues as soon as the previous is answered. */
  private void saturation(Vertx vertx, String url, TargetResult result) throws Exception {
    long session = saturate.toMillis() * 3; // no session ends inside the window
    SimulationPlan plan = new SimulationPlan(new ChargePointSettings(url, 1, 0, 300_000, session, 1_000, 15_000,
        30_000, ID_TAG, Scenario.FULL_SESSION, 500, ChargePointSettings.DEFAULT_TRANSACTION_RETRY_MILLIS), saturateChargers, ID_PREFIX, chargers + 1, 2_000, localAddresses, true);
    Simulation simulation = new Simulation(vertx, plan);
    SimulationStats stats = simulation.stats();
    ProgressLine progress = new ProgressLine(stats, saturateChargers, System.out, false);
    await(simulation.start());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (stats.sessionsRunning.sum() < saturateChargers && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    stats.resetWindow();
    long end = System.nanoTime() + saturate.toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(1_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      progress.print();
    }
    SimulationStats.Window window = stats.resetWindow();
    result.saturatedChargers = saturateChargers;
    result.saturatedCallsPerSecond = window.answersReceived.sum() / window.seconds();
    result.saturatedErrors = window.errors.sum();
    var all = window.latencies().get(SimulationStats.ALL_ACTIONS);
    result.saturatedP99Micros = all == null ? -1 : all.percentileMicros(99);
    await(simulation.shutdown(SHUTDOWN_GRACE_MILLIS));
    System.out.printf(Locale.ROOT, "   saturated (%d closed-loop): %.0f CALLs/s%n", saturateChargers,
        result.saturatedCallsPerSecond);
  }

  String commandLine() {
    return String.format(Locale.ROOT, "--chargers %d --duration %ds --rate %.0f --meter-share %.2f --ramp-per-second %.0f "
            + "--heartbeat %ds --saturate %ds --saturate-chargers %d --targets %s%s",
        chargers, duration.toSeconds(), rate, meterShare, rampPerSecond,
        heartbeat.toSeconds(), saturate.toSeconds(), saturateChargers, String.join(",", targets),
        warmUp == null ? "" : " --warm-up " + warmUp.toSeconds() + "s");
  }

  /** The paced mix's run before the window: never shorter than one session cycle. */
  long warmUpMillis() {
    long cycle = mixPlan().cycleMillis();
    return warmUp == null ? cycle : Math.max(cycle, warmUp.toMillis());
  }

  List<String> nodeJvm() {
    return nodeJvm;
  }

  int chargers() {
    return chargers;
  }

  double rate() {
    return rate;
  }

  Duration heartbeat() {
    return heartbeat;
  }

  /** The node's jar, or null when no run of the CSMS target has resolved it. */
  Path csmsJar() {
    return csmsJar;
  }

  /**
   * The commit of the git checkout that holds {@code where} (the node's jar, so a jar copied out of its checkout
   * is not credited to the one the benchmark runs in), with {@code +changes} when tracked files differ from it;
   * {@code unknown} outside a checkout or without git.
   */
  static String commit(Path where) {
    Path dir = where == null ? Path.of("") : where.toAbsolutePath().getParent();
    try {
      String head = git(dir, "rev-parse", "--short", "HEAD").trim();
      return git(dir, "status", "--porcelain", "--untracked-files=no").isBlank() ? head : head + "+changes";
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed in " + dir);
    }
    return out;
  }

  static String nowUtc() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
  }

  private static long ownCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
