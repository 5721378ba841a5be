package dev.orderflow.inventory;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code orderflow.inventory.*}.
 *
 * @param seedStock SKUs to create at start-up with this stock if they do not exist yet (for demos
 *     and local runs; empty by default, existing stock is never overwritten)
 */
@ConfigurationProperties("orderflow.inventory")
public record InventoryProperties(@DefaultValue Map<String, Integer> seedStock) {}
