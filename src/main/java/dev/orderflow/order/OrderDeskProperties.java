package dev.orderflow.order;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code orderflow.order-desk.*}: who handles manual exceptions in Tasklist, and by when.
 *
 * @param candidateGroups the groups whose members see and claim the tasks
 * @param dueIn the task's due date, from its creation
 * @param followUpIn the task's follow-up date, from its creation
 */
@Validated
@ConfigurationProperties("orderflow.order-desk")
public record OrderDeskProperties(
    @NotEmpty @DefaultValue("order-desk") List<String> candidateGroups,
    @NotNull @DefaultValue("PT4H") Duration dueIn,
    @NotNull @DefaultValue("PT1H") Duration followUpIn) {}
