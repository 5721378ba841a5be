/**
 * Inventory: stock levels and per-order reservations in a relational store (Flyway migrations), and
 * the workers that reserve and release them. Idempotent by order id.
 */
package dev.orderflow.inventory;
