package io.spotkube.test.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Linux counts for a process ({@code /proc/<pid>/stat} and {@code status}): CPU seconds (user +
 * system) and the peak resident set. Every process of a benchmark shares the machine's cores, so
 * CPU seconds per process show where they went, independent of how long a run took.
 */
final class ProcStat {

  private static final double CLOCK_TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private ProcStat() {
  }

  /** CPU seconds used so far; NaN once the process is gone. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the parenthesised command: state is field 3, utime 14 and stime 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException gone) {
      return Double.NaN;
    }
  }

  /** Peak resident set (VmHWM) in MiB; NaN once the process is gone. */
  static double peakRssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException gone) {
      // fall through
    }
    return Double.NaN;
  }

  /** The machine's 1, 5 and 15 minute load averages, as uptime prints them. */
  static String loadAverage() throws IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  /** CPU seconds of several processes since a snapshot: {@code start()} then {@code since()}. */
  static final class Meter {
    private final Map<String, Long> pids;
    private final Map<String, Double> start = new LinkedHashMap<>();

    Meter(Map<String, Long> pids) {
      this.pids = new LinkedHashMap<>(pids);
    }

    Meter start() {
      pids.forEach((name, pid) -> start.put(name, cpuSeconds(pid)));
      return this;
    }

    Map<String, Double> since() {
      Map<String, Double> used = new LinkedHashMap<>();
      pids.forEach((name, pid) -> used.put(name, cpuSeconds(pid) - start.getOrDefault(name, 0.0)));
      return used;
    }
  }
}
