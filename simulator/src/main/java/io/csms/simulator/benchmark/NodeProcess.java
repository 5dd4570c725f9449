package io.csms.simulator.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own JVM (the CSMS fat jar or the no-op responder), so its heap and CPU
 * are its own and its sockets count against its own file limit. Output goes to a log file; the process
 * is ready when a line contains the given marker.
 */
final class NodeProcess implements AutoCloseable {
  // The heap's line comes first: "garbage-first heap total 524288K, used 15360K" (G1), "ZHeap used 158M,
  // capacity 2048M" (ZGC); Metaspace's "used" follows.
  private static final Pattern USED = Pattern.compile("used (\\d+)([KMG])");

  private final Process process;
  private final Path log;

  private NodeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static NodeProcess start(List<String> command, Map<String, String> environment, Path log, String readyMarker,
                           Duration timeout) throws Exception {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
           PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
        String line;
        while ((line = in.readLine()) != null) {
          out.println(line);
          if (line.contains(readyMarker)) {
            ready.complete(null);
          }
        }
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
      ready.completeExceptionally(new IllegalStateException("exited before it was ready; see " + log));
    }, "node-output");
    pump.setDaemon(true);
    pump.start();
    NodeProcess node = new NodeProcess(process, log);
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      node.close();
      throw new IllegalStateException("server did not become ready (" + e.getMessage() + "); see " + log, e);
    }
    return node;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** CPU time the process has used so far (user + system), in nanoseconds. */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  /** Resident set size in KB (from /proc), or -1. */
  long residentKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Heap in use after a full GC, in bytes, via jcmd (GC.run then GC.heap_info). */
  long heapUsedAfterGc() throws Exception {
    jcmd("GC.run");
    jcmd("GC.run"); // a second pass collects what the first only made unreachable (e.g. finalizable)
    Matcher m = USED.matcher(jcmd("GC.heap_info"));
    if (!m.find()) {
      throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
    }
    int shift = switch (m.group(2)) {
      case "G" -> 30;
      case "M" -> 20;
      default -> 10;
    };
    return Long.parseLong(m.group(1)) << shift;
  }

  /** Starts a Flight Recorder recording (profiling settings) of the process. */
  void startRecording() throws Exception {
    jcmd("JFR.start", "name=benchmark", "settings=profile");
  }

  /** Stops the recording and writes it to {@code file}. */
  void stopRecording(Path file) throws Exception {
    jcmd("JFR.stop", "name=benchmark", "filename=" + file.toAbsolutePath());
  }

  private String jcmd(String... command) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    List<String> args = new java.util.ArrayList<>(List.of(jcmd, Long.toString(pid())));
    args.addAll(List.of(command));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
