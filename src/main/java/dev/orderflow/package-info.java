/**
 * Orderflow's entry point. Behaviour lives in the feature packages: {@code order} (the process and
 * its outcome events), {@code inventory}, {@code kafka} (inbound bridge, outbound sender), {@code
 * config} (settings and job failure policy).
 */
package dev.orderflow;
