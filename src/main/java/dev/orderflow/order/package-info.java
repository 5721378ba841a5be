/**
 * The order process: the names the BPMN and the code share, the process variables, the outcome
 * events (published by the model's Kafka connector tasks, a refund by its worker) and the worker
 * that records a rejection.
 */
package dev.orderflow.order;
