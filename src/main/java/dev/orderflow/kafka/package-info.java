/**
 * Kafka at both ends: the inbound bridge that turns records into engine messages (routes in
 * configuration, dead letters for bad input), and the outbound sender of order and tracking events.
 */
package dev.orderflow.kafka;
