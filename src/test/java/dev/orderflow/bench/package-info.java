/**
 * The benchmark harness of issue #8 ({@code ./mvnw -Pbench test}, see the README): what the
 * application adds to the cost of the engine and the broker, as ratios measured in one run, and the
 * report {@code docs/benchmarks.md}. Test scope, because it needs the in-memory engine; the normal
 * test suite runs it only as a smoke test with a handful of orders.
 */
package dev.orderflow.bench;
