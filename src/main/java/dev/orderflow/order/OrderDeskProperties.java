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
 *     <p>Both are turned into ISO 8601 dates by {@link OrderDesk}, never handed to the engine as
 *     durations; zero or negative is refused at start-up, naming the property.
 */
@Validated
@ConfigurationProperties("orderflow.order-desk")
public record OrderDeskProperties(
    @NotEmpty @DefaultValue("order-desk") List<String> candidateGroups,
    @NotNull @DefaultValue("PT4H") Duration dueIn,
    @NotNull @DefaultValue("PT1H") Duration followUpIn) {

  public OrderDeskProperties {
    positive("due-in", dueIn);
    positive("follow-up-in", followUpIn);
  }

  private static void positive(String name, Duration duration) {
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException(
          "orderflow.order-desk." + name + " must be positive, was " + duration);
    }
  }
}
