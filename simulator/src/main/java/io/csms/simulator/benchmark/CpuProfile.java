package io.csms.simulator.benchmark;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a Flight Recorder file says about where the server spent its CPU: the hottest methods (top of
 * the sampled stacks), the hottest methods of our own code (first io.csms frame of each stack), which
 * threads were running, and the total GC pause time.
 */
final class CpuProfile {
  final Map<String, Integer> selfFrames = new HashMap<>();
  final Map<String, Integer> csmsFrames = new HashMap<>();
  final Map<String, Integer> threads = new HashMap<>();
  int samples;
  double gcPauseMillis;
  int gcCount;

  static CpuProfile read(Path recording) throws Exception {
    CpuProfile profile = new CpuProfile();
    String jfr = Path.of(System.getProperty("java.home"), "bin", "jfr").toString();
    Process p = new ProcessBuilder(jfr, "print", "--events", "jdk.ExecutionSample,jdk.GarbageCollection",
        "--stack-depth", "48", recording.toString()).redirectErrorStream(true).start();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean inStack = false;
      boolean firstFrame = false;
      boolean csmsSeen = false;
      while ((line = in.readLine()) != null) {
        String t = line.trim();
        if (t.startsWith("jdk.ExecutionSample")) {
          profile.samples++;
        } else if (t.startsWith("jdk.GarbageCollection")) {
          profile.gcCount++;
        } else if (t.startsWith("sumOfPauses = ")) {
          profile.gcPauseMillis += millis(t.substring("sumOfPauses = ".length()));
        } else if (t.startsWith("sampledThread = ")) {
          String name = t.substring("sampledThread = ".length());
          int end = name.indexOf("\" (");
          name = end > 0 ? name.substring(1, end) : name;
          profile.threads.merge(name.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
        } else if (t.equals("stackTrace = [")) {
          inStack = true;
          firstFrame = true;
          csmsSeen = false;
        } else if (inStack && t.equals("]")) {
          inStack = false;
        } else if (inStack && !t.equals("...")) {
          String method = t.contains("(") ? t.substring(0, t.indexOf('(')) : t;
          if (firstFrame) {
            profile.selfFrames.merge(method, 1, Integer::sum);
            firstFrame = false;
          }
          if (!csmsSeen && method.startsWith("io.csms.")) {
            profile.csmsFrames.merge(method, 1, Integer::sum);
            csmsSeen = true;
          }
        }
      }
    }
    p.waitFor(60, TimeUnit.SECONDS);
    return profile;
  }

  private static double millis(String text) {
    // "1.23 ms", "850 us", "2.1 s"
    String[] f = text.trim().split("\\s+");
    try {
      double v = Double.parseDouble(f[0]);
      return switch (f.length > 1 ? f[1] : "ms") {
        case "s" -> v * 1000;
        case "us" -> v / 1000;
        case "ns" -> v / 1e6;
        default -> v;
      };
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static Map<String, Integer> top(Map<String, Integer> counts, int n) {
    Map<String, Integer> top = new LinkedHashMap<>();
    counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(n)
        .forEach(e -> top.put(e.getKey(), e.getValue()));
    return top;
  }

  String markdown(String name) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%n%s, CPU profile of the paced mix (JFR, %,d samples; GC: %d collections, "
        + "%.0f ms of pauses):%n%n", name, samples, gcCount, gcPauseMillis));
    b.append("| busiest threads | share |\n|---|---|\n");
    top(threads, 6).forEach((k, v) -> b.append(String.format(Locale.ROOT, "| %s | %.0f%% |%n", k, 100.0 * v / Math.max(1, samples))));
    b.append("\n| hottest methods (self) | share |\n|---|---|\n");
    top(selfFrames, 10).forEach((k, v) -> b.append(String.format(Locale.ROOT, "| `%s` | %.1f%% |%n", k, 100.0 * v / Math.max(1, samples))));
    if (!csmsFrames.isEmpty()) {
      b.append("\n| our code on the stack (innermost io.csms frame) | share |\n|---|---|\n");
      top(csmsFrames, 10).forEach((k, v) -> b.append(String.format(Locale.ROOT, "| `%s` | %.1f%% |%n", k, 100.0 * v / Math.max(1, samples))));
    }
    return b.toString();
  }
}
