package dev.orderflow.bench;

import dev.orderflow.bench.BenchOptions.Scenario;
import dev.orderflow.dev.EmbeddedOrderflow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * (6) Start-up of the embedded default (README command 1): {@link EmbeddedOrderflow} with no demo
 * orders, launched as a child JVM with this JVM's class path and the flag {@code
 * spring-boot:test-run} adds by default ({@code -XX:TieredStopAtLevel=1}), on free ports. Measured:
 * the time it reports itself ("Orderflow is ready in X s", from its main method), the wall time
 * from launching the JVM to that line, and its resident memory then ({@code VmRSS}, and the peak
 * {@code VmHWM}, from /proc). Maven's own start-up and compilation are not in it.
 */
final class StartupScenario {

  static final Pattern READY = Pattern.compile("Orderflow is ready in ([0-9.]+) s");
  static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private final BenchOptions options;

  /** The "ready" line: the time the run reported, and when the line arrived (System.nanoTime). */
  private record Ready(double reportedSeconds, long nanoTime) {}

  StartupScenario(BenchOptions options) {
    this.options = options;
  }

  ScenarioResult run() {
    ScenarioResult.Builder result =
        new ScenarioResult.Builder(Scenario.STARTUP, null, null, null, "s");
    try {
      Files.createDirectories(options.out());
      result.fact(
          "command", String.join(" ", command(0, 0)).replace(classPath(), "<test class path>"));
      // a discarded first launch (unless --warmup=0) warms the file cache, as a developer's
      // second run would find it
      for (int round = options.warmup() > 0 ? 0 : 1; round <= options.rounds(); round++) {
        boolean warmup = round == 0;
        Map<String, Double> values = launch(options.out().resolve("startup-" + round + ".log"));
        Progress.say(
            "  startup %s: ready in %.1f s (wall %.1f s), RSS %.0f MB",
            warmup ? "warm-up" : "round " + round,
            values.get("readySeconds"),
            values.get("wallSeconds"),
            values.get("rssMb"));
        if (!warmup) {
          result.round(values);
        }
      }
    } catch (Exception e) {
      result.error(Progress.describe(e));
    }
    return result.build();
  }

  private Map<String, Double> launch(Path log) throws IOException, InterruptedException {
    int kafkaPort = BenchEnvironment.freePort();
    int enginePort = BenchEnvironment.freePort();
    List<String> command = command(kafkaPort, enginePort);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    long start = System.nanoTime();
    Process process = builder.start();
    CompletableFuture<Ready> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> follow(process, log, ready), "bench-startup-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      Ready readyAt;
      try {
        readyAt = ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException(
            "the embedded run did not print \"Orderflow is ready\" within "
                + READY_TIMEOUT
                + "; see "
                + log,
            e);
      }
      Map<String, Long> memory = memoryOf(process.pid());
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("readySeconds", readyAt.reportedSeconds());
      values.put("wallSeconds", (readyAt.nanoTime() - start) / 1e9);
      values.put("rssMb", memory.getOrDefault("VmRSS", -1L) / 1024.0);
      values.put("peakRssMb", memory.getOrDefault("VmHWM", -1L) / 1024.0);
      return values;
    } finally {
      process.destroy(); // SIGTERM: its shutdown hook closes the application, the engine and the
      // broker
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      reader.join(5_000);
    }
  }

  private static List<String> command(int kafkaPort, int enginePort) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(classPath());
    command.add(EmbeddedOrderflow.class.getName());
    command.add("--demo.orders=0");
    command.add("--demo.keep-running");
    command.add("--demo.kafka-port=" + kafkaPort);
    command.add("--demo.engine-port=" + enginePort);
    command.add("--server.port=0");
    return command;
  }

  /**
   * This JVM's class path without empty entries: Surefire's ends with a separator, and an empty
   * entry is the working directory, where bpmn/ would be found a second time.
   */
  private static String classPath() {
    return java.util.Arrays.stream(
            System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  /**
   * Copies the child's output to the log; completes with its reported time and the nanoTime of the
   * line.
   */
  private static void follow(Process process, Path log, CompletableFuture<Ready> ready) {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        Matcher m = READY.matcher(line);
        if (!ready.isDone() && m.find()) {
          ready.complete(new Ready(Double.parseDouble(m.group(1)), System.nanoTime()));
        } else if (!ready.isDone() && line.contains("Application run failed")) {
          ready.completeExceptionally(
              new IllegalStateException("the application did not start; see " + log));
        }
      }
      ready.completeExceptionally(
          new IllegalStateException("the process ended with exit code " + process.waitFor()));
    } catch (IOException | InterruptedException e) {
      ready.completeExceptionally(e);
    }
  }

  /** Memory figures of a process in kB, from /proc/PID/status. */
  static Map<String, Long> memoryOf(long pid) {
    Map<String, Long> memory = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
          String[] parts = line.split("\\s+");
          memory.put(parts[0].replace(":", ""), Long.parseLong(parts[1]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc (not Linux): the figures stay absent
    }
    return memory;
  }
}
