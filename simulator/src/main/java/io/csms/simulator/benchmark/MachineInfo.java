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

  /**
   * CPU time, in nanoseconds, of the PostgreSQL processes on this machine (the benchmark only targets 127.0.0.1),
   * or -1 when /proc shows none. The server, its backends and, through the postmaster's children's times, the
   * backends that exited meanwhile; every PostgreSQL instance on the machine counts. A database whose share of the
   * shared cores is not known hides where the machine's time went: in the mix it uses more than the node.
   */
  static long postgresCpuNanos() {
    long ticks = 0;
    boolean found = false;
    try (var processes = Files.list(Path.of("/proc"))) {
      for (Path dir : (Iterable<Path>) processes::iterator) {
        if (!dir.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        String stat;
        try {
          stat = Files.readString(dir.resolve("stat"));
        } catch (IOException | RuntimeException gone) {
          continue;
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open || !stat.substring(open + 1, close).equals("postgres")) {
          continue;
        }
        // After "(comm)": state is field 3, utime/stime/cutime/cstime fields 14-17 (proc(5)).
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        found = true;
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    // /proc counts in USER_HZ, 100 per second on every Linux architecture Java runs on.
    return found ? ticks * 10_000_000L : -1;
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
