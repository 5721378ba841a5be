package dev.orderflow.order;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The assignment of a manual exception: the variables that the user tasks of the order process read
 * for their candidate groups, due date and follow-up date (ISO 8601, as Tasklist shows them).
 */
@Component
public class OrderDesk {

  private final OrderDeskProperties properties;
  private final Clock clock;

  public OrderDesk(OrderDeskProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  /** The variables for a user task created now. */
  public Map<String, Object> assignment() {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    return Map.of(
        OrderProcess.VAR_DESK_GROUPS, properties.candidateGroups(),
        OrderProcess.VAR_DESK_DUE_DATE, iso(now.plus(properties.dueIn())),
        OrderProcess.VAR_DESK_FOLLOW_UP_DATE, iso(now.plus(properties.followUpIn())));
  }

  private static String iso(OffsetDateTime time) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.truncatedTo(ChronoUnit.SECONDS));
  }
}
