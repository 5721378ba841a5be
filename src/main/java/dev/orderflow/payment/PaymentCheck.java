package dev.orderflow.payment;

import java.math.BigDecimal;
import org.springframework.stereotype.Component;

/** Whether a captured payment settles the order: the amounts are equal (scale ignored). */
@Component
public class PaymentCheck {

  /** An order without a total cannot be checked, so it does not match: a person looks at it. */
  public boolean matches(BigDecimal total, BigDecimal amount) {
    return total != null && amount != null && total.compareTo(amount) == 0;
  }
}
