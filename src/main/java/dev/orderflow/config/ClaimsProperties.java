package dev.orderflow.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code orderflow.claims.*}: how long the claim tables ({@code order_instance}, {@code
 * tracking_instance}) keep a claim.
 *
 * @param retention a claim older than this is deleted; it must be well beyond every window in which
 *     a duplicate instance for the order could still start (see {@link ClaimRetention})
 * @param cleanupInterval how often each instance of the application deletes expired claims
 * @param batchSize claims deleted per statement, so no statement holds many row locks for long
 */
@Validated
@ConfigurationProperties("orderflow.claims")
public record ClaimsProperties(
    @NotNull @DefaultValue("P90D") Duration retention,
    @NotNull @DefaultValue("PT1H") Duration cleanupInterval,
    @Min(1) @DefaultValue("1000") int batchSize) {}
