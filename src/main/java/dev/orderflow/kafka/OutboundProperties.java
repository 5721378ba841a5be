package dev.orderflow.kafka;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code orderflow.outbound.*}.
 *
 * @param topic where order events go, keyed by order id
 * @param sendTimeout how long a publishing job waits for the broker's acknowledgement
 */
@Validated
@ConfigurationProperties("orderflow.outbound")
public record OutboundProperties(
    @NotBlank @DefaultValue("orders.events") String topic,
    @NotNull @DefaultValue("10s") Duration sendTimeout) {}
