package io.spotkube.runtime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * CPU seconds each process of the benchmark used during the measured phase, from
 * {@code /proc/<pid>/stat} (user + system). Everything shares the machine's cores, so this shows
 * where they went: the handler, or the servers it talks to.
 */
final class CpuAccounting {

  private static final double CLOCK_TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
  private final Map<String, Long> pids = new LinkedHashMap<>();
  private final Map<String, Long> startTicks = new LinkedHashMap<>();

  /** {@code name=pid,name=pid} as scripts/bench-draining.sh passes in BENCH_SERVER_PIDS. */
  CpuAccounting(String serverPids, long handlerPid, long sqsServerPid) {
    pids.put("handler JVM", handlerPid);
    pids.put("ElasticMQ JVM", sqsServerPid);
    if (serverPids != null && !serverPids.isBlank()) {
      for (String pair : serverPids.split(",")) {
        String[] nameAndPid = pair.split("=", 2);
        pids.put(nameAndPid[0], Long.parseLong(nameAndPid[1]));
      }
    }
  }

  void start() {
    pids.forEach((name, pid) -> startTicks.put(name, ticks(pid)));
  }

  /** e.g. {@code handler JVM 21.3 s, kube-apiserver 96.0 s, ...} since {@link #start()}. */
  String since() {
    StringJoiner joiner = new StringJoiner(", ");
    pids.forEach((name, pid) -> {
      long used = ticks(pid) - startTicks.getOrDefault(name, 0L);
      joiner.add(String.format("%s %.1f s", name, used / CLOCK_TICKS_PER_SECOND));
    });
    return joiner.toString();
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the parenthesised command: state is field 3, utime 14 and stime 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException unreadable) {
      return 0;
    }
  }
}
