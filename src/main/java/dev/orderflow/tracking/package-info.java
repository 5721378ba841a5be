/**
 * Passive tracking of the fulfilment chain that other services report on Kafka: the names the
 * tracking BPMN and the code share, the SLA settings, the warning and summary events, and the
 * workers that load the settings and publish those events. Tracking commands nothing.
 */
package dev.orderflow.tracking;
