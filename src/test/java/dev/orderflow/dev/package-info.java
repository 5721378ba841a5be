/**
 * The development-time run (README command 1): an embedded Kafka broker, the embedded engine and
 * the application, plus a demo that drives orders through them. Test scope: the engine never ships.
 */
package dev.orderflow.dev;
