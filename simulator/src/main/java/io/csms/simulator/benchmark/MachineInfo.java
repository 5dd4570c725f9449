package io.csms.simulator.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on, and how busy the whole machine was meanwhile. */
final class MachineInfo {
  private MachineInfo() {
  }

  static String describe() {
    long memKb = procValue("/proc/meminfo", "MemTotal:");
    return String.format("%d cores, %.1f GB RAM, %s %s (%s), %s %s", Runtime.getRuntime().availableProcessors(),
        memKb / 1024.0 / 1024.0, System.getProperty("java.vm.name"), System.getProperty("java.version"),
        System.getProperty("java.vendor"), System.getProperty("os.name"), System.getProperty("os.version"));
  }

  /** This JVM's heap and GC options (the load generator's), or "defaults". */
  static List<String> jvmOptions() {
    List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("-Xm") || arg.startsWith("-Xs") || arg.startsWith("-XX:+Use"))
        .toList();
    return options.isEmpty() ? List.of("defaults") : options;
  }

  /** Total and idle jiffies of all CPUs, from /proc/stat. */
  static long[] cpuJiffies() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      return new long[] {total, idle};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** Share of the machine's CPU that was busy between two {@link #cpuJiffies()} readings, 0..1. */
  static double busyBetween(long[] before, long[] after) {
    long total = after[0] - before[0];
    return total <= 0 ? 0 : 1.0 - (double) (after[1] - before[1]) / total;
  }

  static String loadAverage() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/loadavg"));
      String[] f = lines.get(0).split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static long procValue(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
