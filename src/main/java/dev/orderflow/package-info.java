/**
 * Orderflow's entry point. Behaviour lives in the feature packages: {@code order} (the process and
 * its outcome events), {@code inventory}, {@code payment}, {@code tracking} (passive tracking of
 * the fulfilment chain), {@code kafka} (inbound bridge, outbound sender), {@code config} (settings,
 * job failure policy, instance claims).
 */
package dev.orderflow;
