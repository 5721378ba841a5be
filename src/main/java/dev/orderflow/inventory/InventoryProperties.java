package dev.orderflow.inventory;

import jakarta.validation.constraints.Min;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code orderflow.inventory.*}.
 *
 * @param seedStock SKUs to create at start-up with this stock if they do not exist yet (for demos
 *     and local runs; empty by default, existing stock is never overwritten)
 * @param maxQuantity the most units of one SKU an order may ask for, per line and in all; an order
 *     over it is rejected ({@code OrderRejected}, INVALID_ORDER)
 */
@Validated
@ConfigurationProperties("orderflow.inventory")
public record InventoryProperties(
    @DefaultValue Map<String, Integer> seedStock,
    @Min(1) @DefaultValue("" + InventoryService.DEFAULT_MAX_QUANTITY) int maxQuantity) {}
