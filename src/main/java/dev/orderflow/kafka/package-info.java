/**
 * Kafka at both ends: the inbound bridge that turns records into engine messages (routes in
 * configuration, dead letters for bad input), and the outbound side: the worker of Camunda's Kafka
 * connector, whose tasks in the models publish the order and tracking events, with their start-up
 * check, and the one sender every record goes through.
 */
package dev.orderflow.kafka;
