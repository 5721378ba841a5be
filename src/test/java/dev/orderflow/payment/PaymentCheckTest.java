package dev.orderflow.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** A payment settles its order when the amounts are equal, whatever their scale. */
class PaymentCheckTest {

  private final PaymentCheck check = new PaymentCheck();

  @Test
  void equalAmounts_match_whateverTheirScale() {
    assertThat(check.matches(new BigDecimal("25.00"), new BigDecimal("25"))).isTrue();
    assertThat(check.matches(new BigDecimal("25.5"), new BigDecimal("25.50"))).isTrue();
  }

  @Test
  void differentAmounts_doNotMatch_moreOrLess() {
    assertThat(check.matches(new BigDecimal("25.00"), new BigDecimal("30.00"))).isFalse();
    assertThat(check.matches(new BigDecimal("25.00"), new BigDecimal("24.99"))).isFalse();
  }

  @Test
  void missingTotalOrAmount_doesNotMatch_soAPersonLooksAtIt() {
    assertThat(check.matches(null, new BigDecimal("25.00"))).isFalse();
    assertThat(check.matches(new BigDecimal("25.00"), null)).isFalse();
    assertThat(check.matches(null, null)).isFalse();
  }
}
