/**
 * Cross-cutting settings: the {@code orderflow.*} properties that are not owned by one feature,
 * the clock, and how a failing job is retried and reported.
 */
package dev.orderflow.config;
