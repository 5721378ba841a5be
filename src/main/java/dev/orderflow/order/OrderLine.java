package dev.orderflow.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One line of an order: how many of which stock-keeping unit. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderLine(String sku, int quantity) {}
