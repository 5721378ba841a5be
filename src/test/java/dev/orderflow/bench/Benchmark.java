package dev.orderflow.bench;

import dev.orderflow.bench.BenchOptions.Scenario;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the scenarios of issue #8 in one JVM, in an order that keeps each ratio's two sides close in
 * time: start-up first (a child JVM, on a quiet machine), then Kafka, then per TTL mode the raw
 * publish and the bridge, then per level the engine-only and the end-to-end scenario.
 */
public final class Benchmark {

  private final BenchOptions options;

  public Benchmark(BenchOptions options) {
    this.options = options;
  }

  public BenchmarkResult run() {
    OffsetDateTime started = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
    long start = System.nanoTime();
    List<ScenarioResult> results = new ArrayList<>();
    Progress.say("Benchmark: %s", options.describe());
    if (options.runs(Scenario.STARTUP)) {
      Progress.say("(6) start-up of the embedded default");
      results.add(new StartupScenario(options).run());
    }
    try (BenchEnvironment env = new BenchEnvironment()) {
      if (options.runs(Scenario.KAFKA)) {
        Progress.say("(1) Kafka limit");
        results.addAll(new KafkaLimitScenario(env, options).run());
      }
      if (options.jvmWarmup() > 0) {
        warmUpTheJvm(env);
      }
      for (TtlMode mode : options.modes()) {
        if (options.runs(Scenario.PUBLISH)) {
          Progress.say("(2) raw publish, TTLs %s", mode.label());
          results.add(new PublishScenario(options).run(mode));
        }
        if (options.runs(Scenario.BRIDGE)) {
          Progress.say("(3) bridge, TTLs %s", mode.label());
          results.add(new BridgeScenario(env, options).run(mode));
        }
        for (int level : options.levelsFor(mode)) {
          if (options.runs(Scenario.ENGINE)) {
            Progress.say("(2/5) engine only, TTLs %s, %d waiting", mode.label(), level);
            results.add(new EngineOnlyScenario(options).run(mode, level));
          }
          if (options.runs(Scenario.E2E)) {
            Progress.say("(4/5) end to end, TTLs %s, %d waiting", mode.label(), level);
            results.add(new EndToEndScenario(env, options).run(mode, level));
          }
        }
      }
    }
    results.stream()
        .filter(ScenarioResult::failed)
        .forEach(r -> Progress.say("FAILED %s: %s", r.key(), r.error()));

    Map<String, Object> run = new LinkedHashMap<>();
    run.put("started", started.toString());
    run.put("durationSeconds", Math.round((System.nanoTime() - start) / 1e9));
    run.put("command", options.command());
    run.put("options", options.describe());
    return withRatios(new BenchmarkResult(run, machine(), results, List.of()), options);
  }

  /**
   * One discarded round of raw publish, engine only and end to end (the first TTL mode, nothing
   * waiting), so that the JIT compiler has seen the engine's, the client's and the application's
   * paths before the first measured scenario.
   */
  private void warmUpTheJvm(BenchEnvironment env) {
    BenchOptions warmup = options.forJvmWarmup();
    TtlMode mode = options.modes().getFirst();
    Progress.say(
        "JVM warm-up: %d orders through raw publish, engine only and end to end (discarded)",
        warmup.orders());
    List<ScenarioResult> discarded = new ArrayList<>();
    if (options.runs(Scenario.PUBLISH) || options.runs(Scenario.BRIDGE)) {
      discarded.add(new PublishScenario(warmup).run(mode));
    }
    if (options.runs(Scenario.ENGINE)) {
      discarded.add(new EngineOnlyScenario(warmup).run(mode, 0));
    }
    if (options.runs(Scenario.E2E) || options.runs(Scenario.BRIDGE)) {
      discarded.add(new EndToEndScenario(env, warmup).run(mode, 0));
    }
    discarded.stream()
        .filter(ScenarioResult::failed)
        .forEach(r -> Progress.say("JVM warm-up: %s failed: %s", r.key(), r.error()));
  }

  /** The results with their ratios (computed anew: they are derived from the scenarios). */
  static BenchmarkResult withRatios(BenchmarkResult result, BenchOptions options) {
    List<BenchmarkResult.Ratio> ratios = new ArrayList<>();
    for (TtlMode mode : options.modes()) {
      Optional<ScenarioResult> bridge = result.find(Scenario.BRIDGE, null, mode.name(), null);
      Optional<ScenarioResult> publish = result.find(Scenario.PUBLISH, null, mode.name(), null);
      if (bridge.isPresent() && publish.isPresent()) {
        ratios.add(BenchmarkResult.ratio("bridge", mode.name(), null, bridge.get(), publish.get()));
      }
      for (int level : options.levelsFor(mode)) {
        Optional<ScenarioResult> e2e = result.find(Scenario.E2E, null, mode.name(), level);
        Optional<ScenarioResult> engine = result.find(Scenario.ENGINE, null, mode.name(), level);
        if (e2e.isPresent() && engine.isPresent()) {
          ratios.add(
              BenchmarkResult.ratio("end-to-end", mode.name(), level, e2e.get(), engine.get()));
        }
      }
    }
    return new BenchmarkResult(result.run(), result.machine(), result.scenarios(), ratios);
  }

  /** The machine as the report states it: cores, memory, CPU, OS, JDK, JVM options. */
  static Map<String, Object> machine() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put(
        "memoryMb",
        procValue(Path.of("/proc/meminfo"), "MemTotal")
            .map(kb -> Long.parseLong(kb.split("\\s+")[0]) / 1024)
            .orElse(-1L));
    machine.put("cpu", procValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"));
    machine.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    machine.put(
        "java",
        System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ", "
            + System.getProperty("java.vm.name")
            + ")");
    machine.put(
        "jvmOptions",
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> !a.startsWith("-Dbench.command"))
            .toList());
    machine.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    return machine;
  }

  private static Optional<String> procValue(Path file, String key) {
    try {
      return Files.readAllLines(file).stream()
          .filter(l -> l.startsWith(key))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
