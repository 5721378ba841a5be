/**
 * Passive tracking of the fulfilment chain that other services report on Kafka: the names the
 * tracking BPMN and the code share, the SLA settings, the workers that load the settings and
 * measure the legs, and the meters of the warning and summary events (which the model's Kafka
 * connector tasks publish). Tracking commands nothing.
 */
package dev.orderflow.tracking;
