package dev.orderflow.bench;

import dev.orderflow.testing.EmbeddedEngine.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one benchmark run does. Every field has a command-line argument ({@code --name=value}); see
 * {@link #usage()}.
 *
 * @param orders orders per measured round (engine only, end to end)
 * @param messages records or messages per measured round (Kafka, raw publish, bridge): these rounds
 *     are much faster than orders, and need more to take long enough to be timed
 * @param inFlight orders in flight at most in the closed loops of the engine-only and end-to-end
 *     scenarios
 * @param publishInFlight messages in flight at most for the raw publish and the bridge (the
 *     bridge's {@code orderflow.inbound.max-in-flight})
 * @param rounds measured rounds per scenario (at least 1; the issue asks for 3 or more)
 * @param warmup orders of the warm-up round that precedes the measured rounds (0: none); its
 *     figures are discarded
 * @param jvmWarmup orders of a discarded pass through the raw publish, engine-only and end-to-end
 *     scenarios before the first measured one, so that the first is not the one that pays for the
 *     JIT compiler (0: none)
 * @param levels orders already waiting for their payment (timers pending) before the engine-only
 *     and end-to-end scenarios; 0 is the base case
 * @param stores the engine's state stores the engine-only and end-to-end scenarios run on, side by
 *     side; the first is the primary: raw publish, bridge and the headline ratios run on it
 * @param inMemoryBudget how long the in-memory store may take to reach a level (to set up its
 *     waiting orders); a level it cannot reach in that time is reported as not reached, and the
 *     higher levels are not tried on it
 * @param inMemoryOrders orders per measured round on the in-memory store (it is slow with state)
 * @param inMemoryLevels the levels the in-memory store is tried at, among {@code levels} (all of
 *     them by default): the others are reported as not tried, so that its time goes to the levels
 *     that matter (the store speed-up's) rather than to higher ones it cannot reach
 * @param modes TTL modes, each measured in full
 * @param scaleModes the TTL modes measured at every level; the others at the first level only
 * @param shortOrderTtl the TTL of OrderPlaced in the mode {@code short}
 * @param shortPaymentTtl the TTL of PaymentCaptured in the mode {@code short}
 * @param scenarios the scenarios to run (all by default)
 * @param out where results.json and the run's log files go
 * @param docs where benchmarks.md and the charts go (docs/benchmarks.md, docs/benchmarks/*.png)
 * @param roundTimeout how long a round may take before the scenario is reported as failed
 * @param settle how long to keep reading the outbound topic after the last order, to catch a second
 *     outcome event
 * @param command the command line to print in the report
 * @param reportFrom a results.json to write the report from, instead of running (or null)
 */
public record BenchOptions(
    int orders,
    int messages,
    int inFlight,
    int publishInFlight,
    int rounds,
    int warmup,
    int jvmWarmup,
    List<Integer> levels,
    List<Store> stores,
    Duration inMemoryBudget,
    int inMemoryOrders,
    List<Integer> inMemoryLevels,
    List<TtlMode> modes,
    List<String> scaleModes,
    Duration shortOrderTtl,
    Duration shortPaymentTtl,
    Set<Scenario> scenarios,
    Path out,
    Path docs,
    Duration roundTimeout,
    Duration settle,
    String command,
    Path reportFrom) {

  /**
   * Orders of the JVM's warm-up pass by default. With 40 (the warm-up round's), the scenarios at 0
   * waiting ran on a colder JVM than those after them, whose set-up first put 1,000 to 10,000
   * orders through the engine and the application: end to end at 0 waiting ran 17.8 orders/s in the
   * committed run of 2026-12-05 (scale ratio 1.43, above 1 in every round), 22.3 after a pass of
   * 1,000 the same day, engine only 20.4 and 25.7. A pass of 1,000 takes about two minutes.
   */
  static final int JVM_WARMUP_ORDERS = 1000;

  /** The scenarios of issue #8, by their number there. */
  public enum Scenario {
    KAFKA("1", "Kafka limit"),
    PUBLISH("2", "Raw publish (engine limit for messages)"),
    ENGINE("2", "Engine only"),
    BRIDGE("3", "Bridge"),
    E2E("4", "End to end"),
    STARTUP("6", "Start-up of the embedded default");

    final String number;
    final String title;

    Scenario(String number, String title) {
      this.number = number;
      this.title = title;
    }
  }

  public BenchOptions {
    if (orders < 1
        || inFlight < 1
        || publishInFlight < 1
        || rounds < 1
        || warmup < 0
        || jvmWarmup < 0) {
      throw new IllegalArgumentException(
          "orders, in-flight, publish-in-flight and rounds must be at least 1, warmup at least 0");
    }
    if (levels.isEmpty() || levels.stream().anyMatch(l -> l < 0)) {
      throw new IllegalArgumentException(
          "levels: give one or more counts of waiting orders, e.g. 0,500");
    }
    if (stores.isEmpty() || inMemoryOrders < 1) {
      throw new IllegalArgumentException(
          "stores: give rocksdb, in-memory or both; in-memory-orders at least 1");
    }
    if (modes.isEmpty()) {
      throw new IllegalArgumentException("ttl-modes: give default, short or both");
    }
    if (inMemoryLevels.isEmpty() || !levels.containsAll(inMemoryLevels)) {
      throw new IllegalArgumentException(
          "in-memory-levels: give one or more of the levels " + levels + ", not " + inMemoryLevels);
    }
  }

  /** The full run's defaults; the README's command uses them. */
  public static BenchOptions defaults() {
    return parse(new String[0]);
  }

  public static BenchOptions parse(String[] args) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String arg : args) {
      if (arg.isBlank()) {
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + arg + "\n" + usage());
      }
      int eq = arg.indexOf('=');
      given.put(
          eq < 0 ? arg.substring(2) : arg.substring(2, eq),
          eq < 0 ? "true" : arg.substring(eq + 1));
    }
    Map<String, String> left = new LinkedHashMap<>(given);
    int orders = Integer.parseInt(take(left, "orders", "200"));
    // the bridge reads 500 records a poll (Kafka's default): a round spans several polls
    int messages =
        Integer.parseInt(take(left, "messages", String.valueOf(Math.max(3000, 5 * orders))));
    int inFlight = Integer.parseInt(take(left, "in-flight", "32"));
    int publishInFlight = Integer.parseInt(take(left, "publish-in-flight", "32"));
    int rounds = Integer.parseInt(take(left, "rounds", "3"));
    int warmup = Integer.parseInt(take(left, "warmup", String.valueOf(Math.max(1, orders / 5))));
    int jvmWarmup = Integer.parseInt(take(left, "jvm-warmup", String.valueOf(JVM_WARMUP_ORDERS)));
    List<Integer> levels =
        Arrays.stream(take(left, "levels", "0,1000,2000,10000").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .distinct()
            .sorted()
            .toList();
    List<Store> stores =
        Arrays.stream(take(left, "stores", "rocksdb,in-memory").split(","))
            .map(String::trim)
            .map(BenchOptions::store)
            .distinct()
            .toList();
    Duration inMemoryBudget = Duration.parse(take(left, "in-memory-budget", "PT5M"));
    int inMemoryOrders = Integer.parseInt(take(left, "in-memory-orders", String.valueOf(orders)));
    String inMemoryLevelList = take(left, "in-memory-levels", null);
    List<Integer> inMemoryLevels =
        inMemoryLevelList == null
            ? levels
            : Arrays.stream(inMemoryLevelList.split(","))
                .map(String::trim)
                .map(Integer::parseInt)
                .distinct()
                .sorted()
                .toList();
    Duration shortOrderTtl = Duration.parse(take(left, "short-order-ttl", "PT0S"));
    Duration shortPaymentTtl = Duration.parse(take(left, "short-payment-ttl", "PT30S"));
    List<TtlMode> modes = new ArrayList<>();
    for (String mode :
        take(left, "ttl-mode", take(left, "ttl-modes", "default,short")).split(",")) {
      modes.add(
          switch (mode.trim()) {
            case "default" -> TtlMode.applicationDefault();
            case "short" -> TtlMode.shortTtls(shortOrderTtl, shortPaymentTtl);
            default ->
                throw new IllegalArgumentException(
                    "unknown TTL mode " + mode + ": default or short");
          });
    }
    List<String> scaleModes =
        Arrays.stream(
                take(
                        left,
                        "scale-modes",
                        String.join(",", modes.stream().map(TtlMode::name).toList()))
                    .split(","))
            .map(String::trim)
            .toList();
    for (String mode : scaleModes) {
      if (modes.stream().noneMatch(m -> m.name().equals(mode))) {
        throw new IllegalArgumentException("scale-modes: " + mode + " is not one of the TTL modes");
      }
    }
    String scenarioList = take(left, "scenarios", "all");
    Set<Scenario> scenarios =
        scenarioList.equals("all")
            ? Set.of(Scenario.values())
            : Arrays.stream(scenarioList.split(","))
                .map(s -> Scenario.valueOf(s.trim().toUpperCase(Locale.ROOT)))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    Path out = Path.of(take(left, "out", "target/bench"));
    Path docs = Path.of(take(left, "docs", "docs"));
    Duration roundTimeout = Duration.parse(take(left, "round-timeout", "PT20M"));
    Duration settle = Duration.parse(take(left, "settle", "PT2S"));
    String command = take(left, "command", commandOf(args));
    String reportFrom = take(left, "report-from", null);
    if (left.containsKey("help")) {
      throw new IllegalArgumentException(usage());
    }
    if (!left.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s) " + left.keySet() + "\n" + usage());
    }
    return new BenchOptions(
        orders,
        messages,
        inFlight,
        publishInFlight,
        rounds,
        warmup,
        jvmWarmup,
        levels,
        stores,
        inMemoryBudget,
        inMemoryOrders,
        inMemoryLevels,
        List.copyOf(modes),
        scaleModes,
        shortOrderTtl,
        shortPaymentTtl,
        scenarios,
        out,
        docs,
        roundTimeout,
        settle,
        command,
        reportFrom == null ? null : Path.of(reportFrom));
  }

  /**
   * The options a run recorded in its results.json ({@link #describe()}, and its command), with
   * this invocation's output directories: for writing the report again from the results.
   */
  BenchOptions recorded(Map<String, Object> run) {
    @SuppressWarnings("unchecked")
    Map<String, Object> d = (Map<String, Object>) run.get("options");
    List<TtlMode> recordedModes = new ArrayList<>();
    for (Object m : (List<?>) d.get("ttlModes")) {
      Map<?, ?> mode = (Map<?, ?>) m;
      recordedModes.add(
          new TtlMode(
              String.valueOf(mode.get("name")),
              Duration.parse(String.valueOf(mode.get("orderPlacedTtl"))),
              Duration.parse(String.valueOf(mode.get("paymentCapturedTtl"))),
              Duration.parse(String.valueOf(mode.get("paymentTimeout")))));
    }
    TtlMode shortMode =
        recordedModes.stream().filter(m -> m.name().equals("short")).findFirst().orElse(null);
    return new BenchOptions(
        ((Number) d.get("orders")).intValue(),
        ((Number) d.getOrDefault("messages", d.get("orders"))).intValue(),
        ((Number) d.get("inFlight")).intValue(),
        ((Number) d.get("publishInFlight")).intValue(),
        ((Number) d.get("rounds")).intValue(),
        ((Number) d.get("warmup")).intValue(),
        ((Number) d.getOrDefault("jvmWarmup", 0)).intValue(),
        ((List<?>) d.get("levels")).stream().map(l -> ((Number) l).intValue()).toList(),
        ((List<?>) d.getOrDefault("stores", List.of("in-memory")))
            .stream().map(x -> store(String.valueOf(x))).toList(),
        Duration.parse(String.valueOf(d.getOrDefault("inMemoryBudget", "PT20M"))),
        ((Number) d.getOrDefault("inMemoryOrders", d.get("orders"))).intValue(),
        ((List<?>) d.getOrDefault("inMemoryLevels", d.get("levels")))
            .stream().map(l -> ((Number) l).intValue()).toList(),
        List.copyOf(recordedModes),
        ((List<?>) d.getOrDefault("scaleModes", recordedModes.stream().map(TtlMode::name).toList()))
            .stream().map(String::valueOf).toList(),
        shortMode == null ? shortOrderTtl : shortMode.orderPlacedTtl(),
        shortMode == null ? shortPaymentTtl : shortMode.paymentCapturedTtl(),
        ((List<?>) d.get("scenarios"))
            .stream()
                .map(x -> Scenario.valueOf(String.valueOf(x)))
                .collect(java.util.stream.Collectors.toUnmodifiableSet()),
        out,
        docs,
        Duration.parse(String.valueOf(d.get("roundTimeout"))),
        Duration.parse(String.valueOf(d.get("settle"))),
        String.valueOf(run.get("command")),
        null);
  }

  /** These options for the JVM's warm-up pass: one round of {@code jvmWarmup} orders, no more. */
  BenchOptions forJvmWarmup() {
    return forJvmWarmup(Math.max(1, (int) ((long) jvmWarmup * messages / orders)));
  }

  /**
   * These options for the JVM's warm-up pass of the bridge: one round of this many records (and as
   * many raw publishes), no more.
   */
  BenchOptions forJvmWarmup(int messagesPerRound) {
    return new BenchOptions(
        jvmWarmup,
        messagesPerRound,
        inFlight,
        publishInFlight,
        1,
        0,
        0,
        List.of(0),
        stores.subList(0, 1),
        inMemoryBudget,
        jvmWarmup,
        List.of(0),
        modes,
        scaleModes,
        shortOrderTtl,
        shortPaymentTtl,
        scenarios,
        out,
        docs,
        roundTimeout,
        Duration.ZERO,
        command,
        null);
  }

  /** Records or messages in the warm-up round of Kafka, raw publish and bridge: as many more. */
  int messageWarmup() {
    return (int) Math.min(messages, (long) warmup * messages / orders);
  }

  /** The levels this TTL mode is measured at: all of them, or the first only. */
  public List<Integer> levelsFor(TtlMode mode) {
    return scaleModes.contains(mode.name()) ? levels : List.of(levels.getFirst());
  }

  /** The store raw publish, the bridge and the headline ratios run on: the first given. */
  public Store primaryStore() {
    return stores.getFirst();
  }

  /** Whether the levels given to the in-memory store are fewer than all the levels. */
  public boolean inMemoryLevelsLimited() {
    return !inMemoryLevels.containsAll(levels);
  }

  /** Whether this store is tried at this level (the in-memory store only at its levels). */
  public boolean triesLevel(Store store, int level) {
    return store != Store.IN_MEMORY || inMemoryLevels.contains(level);
  }

  /** Orders per measured round on this store. */
  public int ordersOn(Store store) {
    return store == Store.IN_MEMORY ? inMemoryOrders : orders;
  }

  /** As it appears in options, results and the report: {@code rocksdb} or {@code in-memory}. */
  public static String storeName(Store store) {
    return store == Store.IN_MEMORY ? "in-memory" : "rocksdb";
  }

  static Store store(String name) {
    return switch (name) {
      case "rocksdb" -> Store.ROCKSDB;
      case "in-memory" -> Store.IN_MEMORY;
      default ->
          throw new IllegalArgumentException("unknown store " + name + ": rocksdb or in-memory");
    };
  }

  public boolean runs(Scenario scenario) {
    return scenarios.contains(scenario);
  }

  /** The options as they go into the report. */
  public Map<String, Object> describe() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("orders", orders);
    map.put("messages", messages);
    map.put("inFlight", inFlight);
    map.put("publishInFlight", publishInFlight);
    map.put("rounds", rounds);
    map.put("warmup", warmup);
    map.put("jvmWarmup", jvmWarmup);
    map.put("levels", levels);
    map.put("stores", stores.stream().map(BenchOptions::storeName).toList());
    map.put("inMemoryBudget", inMemoryBudget.toString());
    map.put("inMemoryOrders", inMemoryOrders);
    map.put("inMemoryLevels", inMemoryLevels);
    map.put("ttlModes", modes.stream().map(TtlMode::describe).toList());
    map.put("scaleModes", scaleModes);
    map.put(
        "scenarios",
        Arrays.stream(Scenario.values()).filter(scenarios::contains).map(Enum::name).toList());
    map.put("roundTimeout", roundTimeout.toString());
    map.put("settle", settle.toString());
    return map;
  }

  /**
   * The command that ran: the README's Maven command (with the user's arguments, not the ones the
   * pom adds) when Maven launched the harness, otherwise the main class and its arguments.
   */
  static String commandOf(String[] args) {
    if (Boolean.getBoolean("bench.maven")) {
      String given =
          Arrays.stream(args)
              .filter(a -> !a.startsWith("--out=") && !a.startsWith("--docs="))
              .collect(java.util.stream.Collectors.joining(" "));
      return "./mvnw -Pbench test" + (given.isBlank() ? "" : " -Dbench.args=\"" + given + "\"");
    }
    return ("java dev.orderflow.bench.BenchmarkMain " + String.join(" ", args)).trim();
  }

  static String usage() {
    return """
    Options (all optional):
      --orders=200              orders per measured round (engine only, end to end)
      --messages=max(3000,5*orders)  records or messages per round (Kafka, raw publish, bridge)
      --in-flight=32            orders in flight at most (engine-only and end-to-end closed loops)
      --publish-in-flight=32    messages in flight at most (raw publish; the bridge's max-in-flight)
      --rounds=3                measured rounds per scenario
      --warmup=orders/5         orders in the discarded warm-up round (0: none)
      --jvm-warmup=1000         orders of a discarded pass before the first scenario (0: none)
      --levels=0,1000,2000,10000  orders already waiting for payment (timers pending)
      --stores=rocksdb,in-memory  the engine's state stores, side by side (the first: headline)
      --in-memory-budget=PT5M   time the in-memory store may take to reach a level (set-up)
      --in-memory-orders=orders orders per measured round on the in-memory store
      --in-memory-levels=levels the levels the in-memory store is tried at (the others: not tried)
      --ttl-modes=default,short TTL modes: the application's defaults, and short TTLs
      --scale-modes=ttl-modes   TTL modes measured at every level (the others at the first only)
      --short-order-ttl=PT0S    OrderPlaced TTL in the short mode
      --short-payment-ttl=PT30S PaymentCaptured TTL in the short mode
      --scenarios=all           or a list of kafka,publish,bridge,engine,e2e,startup
      --out=target/bench        results.json and logs
      --docs=docs               benchmarks.md and the charts (docs/benchmarks/*.png)
      --round-timeout=PT20M     a round taking longer fails its scenario
      --settle=PT2S             reading on after the last order, for late duplicates
      --report-from=FILE        write the report again from a results.json, without running
    """;
  }

  private static String take(Map<String, String> left, String name, String fallback) {
    String value = left.remove(name);
    return value == null ? fallback : value;
  }
}
