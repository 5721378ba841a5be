package dev.orderflow.payment;

import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the payments of an order that the order has decided (applied a payment, closed its window
 * unpaid, was rejected or cancelled): one {@value PaymentProcess#MESSAGE_ORDER_DECIDED} message per
 * payment, keyed by the payment id, so each waiting payment process settles once more, now. The
 * workers that make those decisions call it after the ledger has committed; if the engine does not
 * take a message, the job fails and its retry wakes them again (the ledger's decisions are
 * idempotent, and a payment woken twice just settles twice).
 *
 * <p>The messages live for {@link #TIME_TO_LIVE}: a payment that decided to wait a moment before
 * its order decided, but whose wait has not opened yet, still gets its message.
 */
@Component
public class PaymentWakeUps {

  /** Longer than any job can take between reading the ledger and completing (its timeout). */
  public static final Duration TIME_TO_LIVE = Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(PaymentWakeUps.class);

  private final CamundaClient client;
  private final PaymentLedger ledger;

  public PaymentWakeUps(CamundaClient client, PaymentLedger ledger) {
    this.client = client;
    this.ledger = ledger;
  }

  /**
   * Wakes every payment of the order that may be waiting for it; returns when the engine took them.
   */
  public void orderDecided(String orderId) {
    List<String> payments = ledger.awaitingTheirOrder(orderId);
    CompletableFuture<?>[] sent =
        payments.stream()
            .map(
                paymentId ->
                    client
                        .newPublishMessageCommand()
                        .messageName(PaymentProcess.MESSAGE_ORDER_DECIDED)
                        .correlationKey(paymentId)
                        .timeToLive(TIME_TO_LIVE)
                        .send()
                        .toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(sent).join();
    if (!payments.isEmpty()) {
      log.debug("Order {} decided: woke its payments {}", orderId, payments);
    }
  }
}
