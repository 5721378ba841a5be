/**
 * Cross-cutting settings: the {@code orderflow.*} properties that are not owned by one feature, the
 * clock, how a failing job is retried and reported, and the claims table behind the order and
 * tracking registries.
 */
package dev.orderflow.config;
