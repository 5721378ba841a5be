/**
 * Payments: checking a captured payment against the order total, and requesting a refund when the
 * order desk decides to cancel.
 */
package dev.orderflow.payment;
