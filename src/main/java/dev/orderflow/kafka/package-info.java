/**
 * Kafka at both ends: the inbound bridge that turns records into engine messages (routes read from
 * the models' Kafka connector elements, FEEL evaluated per record, dead letters for bad input), and
 * the outbound side: the worker of Camunda's Kafka outbound connector, whose tasks in the models
 * publish the order and tracking events, with its start-up check, and the one sender every record
 * goes through.
 */
package dev.orderflow.kafka;
