/**
 * The order process: the names the BPMN and the code share, the process variables, and the workers
 * that publish the order's outcome events.
 */
package dev.orderflow.order;
