package vn.egov.gateway.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU accounting from /proc (Linux): the system under test, this generator and the whole machine,
 * sampled at the edges of the measurement window. Per-thread figures of the system under test are
 * named through {@code jcmd <pid> Thread.print} (its {@code nid} is the Linux thread id).
 */
final class ProcStats {
  /** USER_HZ; 100 on every mainstream Linux build. */
  private static final double TICKS_PER_SECOND = 100.0;
  private static final Pattern NID = Pattern.compile("^\"(.*)\" .*\\bnid=(0x[0-9a-f]+|[0-9]+)");

  record Snapshot(long nanos, long sutTicks, long selfTicks, long sysTotal, long sysIdle, Map<Long, Long> sutThreads) {
  }

  private ProcStats() {
  }

  static Snapshot take(long sutPid) {
    long self = ProcessHandle.current().pid();
    long[] sys = systemTicks();
    return new Snapshot(System.nanoTime(), sutPid > 0 ? processTicks(sutPid) : 0, processTicks(self), sys[0], sys[1],
        sutPid > 0 ? threadTicks(sutPid) : Map.of());
  }

  static JsonObject delta(Snapshot a, Snapshot b, long sutPid, long ops) {
    double seconds = (b.nanos() - a.nanos()) / 1e9;
    double sut = (b.sutTicks() - a.sutTicks()) / TICKS_PER_SECOND;
    double gen = (b.selfTicks() - a.selfTicks()) / TICKS_PER_SECOND;
    long total = b.sysTotal() - a.sysTotal();
    long idle = b.sysIdle() - a.sysIdle();
    int cpus = Runtime.getRuntime().availableProcessors();
    JsonObject out = new JsonObject()
        .put("seconds", round(seconds))
        .put("machineCores", cpus)
        .put("machineBusyCores", round(total == 0 ? 0 : cpus * (double) (total - idle) / total))
        .put("generatorCores", round(gen / seconds))
        .put("otherCores", round(Math.max(0, (total == 0 ? 0 : cpus * (double) (total - idle) / total) - (sut + gen) / seconds)))
        .put("generatorCpuMsPerOp", ops == 0 ? null : round(gen * 1000 / ops));
    if (sutPid > 0) {
      out.put("sutCores", round(sut / seconds)).put("sutCpuMsPerOp", ops == 0 ? null : round(sut * 1000 / ops));
      Map<Long, String> names = javaThreadNames(sutPid);
      List<long[]> busy = new ArrayList<>();
      b.sutThreads().forEach((tid, ticks) -> {
        long d = ticks - a.sutThreads().getOrDefault(tid, 0L);
        if (d > 0) busy.add(new long[] {tid, d});
      });
      busy.sort((x, y) -> Long.compare(y[1], x[1]));
      JsonArray threads = new JsonArray();
      for (int i = 0; i < Math.min(8, busy.size()); i++) {
        long tid = busy.get(i)[0];
        double cpuSeconds = busy.get(i)[1] / TICKS_PER_SECOND;
        threads.add(new JsonObject().put("tid", tid).put("name", names.getOrDefault(tid, comm(sutPid, tid)))
            .put("cores", round(cpuSeconds / seconds)).put("cpuMsPerOp", ops == 0 ? null : round(cpuSeconds * 1000 / ops)));
      }
      out.put("sutBusiestThreads", threads);
    }
    return out;
  }

  /** Cores busy with processes other than the system under test and this generator, over {@code millis}. */
  static double otherLoad(long sutPid, long millis) {
    Snapshot a = take(sutPid);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Snapshot b = take(sutPid);
    long total = b.sysTotal() - a.sysTotal();
    long idle = b.sysIdle() - a.sysIdle();
    if (total <= 0) return 0;
    double seconds = (b.nanos() - a.nanos()) / 1e9;
    int cpus = Runtime.getRuntime().availableProcessors();
    double busy = cpus * (double) (total - idle) / total;
    return Math.max(0, busy - (b.sutTicks() - a.sutTicks() + b.selfTicks() - a.selfTicks()) / TICKS_PER_SECOND / seconds);
  }

  static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }

  /** CPU ticks (1/100 s) a process has used so far; 0 without one. */
  static long cpuTicks(long pid) {
    return pid > 0 ? processTicks(pid) : 0;
  }

  private static long processTicks(long pid) {
    return statTicks(Path.of("/proc/" + pid + "/stat"));
  }

  private static long statTicks(Path stat) {
    try {
      String s = Files.readString(stat);
      // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static Map<Long, Long> threadTicks(long pid) {
    Map<Long, Long> out = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      tasks.forEach(t -> out.put(Long.parseLong(t.getFileName().toString()), statTicks(t.resolve("stat"))));
    } catch (IOException | RuntimeException e) {
      // the process is gone
    }
    return out;
  }

  private static long[] systemTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]);
      return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  private static String comm(long pid, long tid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/comm")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  /** Linux thread id to Java thread name, from a thread dump (one short jcmd run, after the window). */
  static Map<Long, String> javaThreadNames(long pid) {
    Map<Long, String> out = new HashMap<>();
    for (String line : jcmd(pid, 20, "Thread.print").split("\n")) {
      Matcher m = NID.matcher(line);
      if (m.find()) {
        String nid = m.group(2);
        out.put(nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid), m.group(1));
      }
    }
    return out;
  }

  static String jcmd(long pid, int timeoutSeconds, String... command) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(Long.toString(pid));
    cmd.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      return new String(out);
    } catch (IOException e) {
      return "jcmd failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
