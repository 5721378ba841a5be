/**
 * Kafka at both ends: the inbound bridge that turns records into engine messages (routes read from
 * the models' Kafka connector elements, FEEL evaluated per record, dead letters for bad input), and
 * the outbound sender of order and tracking events.
 */
package dev.orderflow.kafka;
