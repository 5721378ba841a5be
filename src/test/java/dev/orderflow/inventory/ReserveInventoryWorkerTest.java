package dev.orderflow.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.map;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.config.OrderflowProperties;
import dev.orderflow.order.OrderDesk;
import dev.orderflow.order.OrderDeskProperties;
import dev.orderflow.order.OrderLine;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.order.OrderRegistry;
import dev.orderflow.order.OrderVariables;
import dev.orderflow.payment.PaymentLedger;
import dev.orderflow.payment.PaymentWindows;
import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.CamundaError;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class ReserveInventoryWorkerTest {

  private static final List<OrderLine> LINES =
      List.of(new OrderLine("SKU-A", 1), new OrderLine("SKU-B", 3));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OrderVariables ORDER = order(JSON.valueToTree(LINES));

  private static final long INSTANCE = 2251799813685249L;

  private final OrderRegistry orders = mock(OrderRegistry.class);
  private final InventoryService inventory = mock(InventoryService.class);
  private final OrderDesk desk =
      new OrderDesk(
          new OrderDeskProperties(List.of("order-desk"), Duration.ofHours(4), Duration.ofHours(1)),
          Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
  private final PaymentLedger ledger = mock(PaymentLedger.class);
  private final ReserveInventoryWorker worker =
      new ReserveInventoryWorker(
          orders,
          inventory,
          desk,
          ledger,
          new PaymentWindows(new OrderflowProperties(Duration.ofHours(2), null, null)),
          Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));

  @BeforeEach
  void orderBelongsToThisInstance() {
    when(orders.claim("order-1", INSTANCE)).thenReturn(true);
    when(inventory.maxQuantity()).thenReturn(10_000);
    when(ledger.openWindow(anyString(), any())).thenAnswer(call -> call.getArgument(1));
  }

  private static OrderVariables order(JsonNode items) {
    return new OrderVariables(
        "order-1",
        "customer-1",
        items,
        new BigDecimal("42.00"),
        null,
        null,
        null,
        null,
        "2026-11-25T09:00:00Z",
        null,
        null,
        null);
  }

  @Test
  void fractionalQuantity_isTheInvalidOrderBpmnError_neverTruncated() throws Exception {
    OrderVariables order = order(JSON.readTree("[{\"sku\": \"SKU-A\", \"quantity\": 2.7}]"));

    assertThatThrownBy(() -> worker.reserve(order, INSTANCE))
        .isInstanceOfSatisfying(
            BpmnError.class,
            error -> {
              assertThat(error.getErrorCode()).isEqualTo(OrderProcess.ERROR_INVALID_ORDER);
              assertThat(error.getErrorMessage())
                  .isEqualTo("invalid order: line 1 (SKU-A): quantity 2.7 is not a whole number");
            });
    verify(inventory, never()).reserve(anyString(), anyList());
  }

  @Test
  void reservedOrder_getsItsPaymentWindowFromThePlacement_asIsoDateTimes() {
    when(inventory.reserve(anyString(), anyList())).thenReturn(true);

    assertThat(worker.reserve(ORDER, INSTANCE))
        .containsEntry(OrderProcess.VAR_PAYMENT_DEADLINE, "2026-11-25T11:00:00Z")
        .containsEntry(OrderProcess.VAR_WINDOW_CLOSES_AT, "2026-11-25T11:01:00Z")
        .containsEntry(OrderProcess.VAR_PAYMENT_RECHECK, "PT1M")
        .containsEntry(OrderProcess.VAR_PAYMENT_CLAIMED, false);
    verify(ledger).openWindow("order-1", Instant.parse("2026-11-25T11:00:00Z"));
  }

  @Test
  void orderOwnedByAnotherInstance_isTheDuplicateOrderBpmnError_andReservesNothing() {
    when(orders.claim("order-1", INSTANCE)).thenReturn(false);
    when(orders.owner("order-1")).thenReturn(java.util.Optional.of(42L));

    assertThatThrownBy(() -> worker.reserve(ORDER, INSTANCE))
        .isInstanceOfSatisfying(
            BpmnError.class,
            error -> {
              assertThat(error.getErrorCode()).isEqualTo(OrderProcess.ERROR_DUPLICATE_ORDER);
              assertThat(error.getErrorMessage()).contains("order-1").contains("42");
            });
    verify(inventory, never()).reserve(anyString(), anyList());
  }

  @Test
  void orderWithoutValidLines_isTheInvalidOrderBpmnErrorWithTheReason() {
    when(inventory.reserve(anyString(), anyList()))
        .thenThrow(new InvalidOrderException("invalid order: it has no lines"));

    assertThatThrownBy(() -> worker.reserve(ORDER, INSTANCE))
        .isInstanceOfSatisfying(
            BpmnError.class,
            error -> {
              assertThat(error.getErrorCode()).isEqualTo(OrderProcess.ERROR_INVALID_ORDER);
              assertThat(error.getVariables())
                  .asInstanceOf(map(String.class, Object.class))
                  .containsEntry(
                      OrderProcess.VAR_REJECTION_REASON, "invalid order: it has no lines");
            });
  }

  @Test
  void availableStock_isReservedForTheOrdersLines() {
    when(inventory.reserve(anyString(), anyList())).thenReturn(true);

    assertThatCode(() -> worker.reserve(ORDER, INSTANCE)).doesNotThrowAnyException();

    verify(inventory).reserve("order-1", LINES);
  }

  @Test
  void alreadyReservedOrder_completesWithTheSameWindow_andTakesNoStockAgain() {
    // the service is idempotent by order id: a second reserve finds the reservation, changes
    // nothing and says so (InventoryServiceTest.reserveTwice_equalsReserveOnce, on the schema)
    when(inventory.reserve(anyString(), anyList())).thenReturn(true, false);
    Map<String, Object> first = worker.reserve(ORDER, INSTANCE);

    Map<String, Object> again = worker.reserve(ORDER, INSTANCE);

    assertThat(again).as("the retried job's variables").isEqualTo(first);
    verify(inventory, times(2)).reserve("order-1", LINES);
    verify(inventory, never()).release(anyString());
    verify(inventory, never()).restock(anyString(), anyInt());
    verify(inventory, never()).createIfAbsent(anyString(), anyInt());
    verify(ledger, times(2)).openWindow("order-1", Instant.parse("2026-11-25T11:00:00Z"));
  }

  @Test
  void outOfStock_becomesTheOutOfStockBpmnError_withTheShortagesAndTheOrderDesksAssignment() {
    when(inventory.reserve(anyString(), anyList()))
        .thenThrow(new OutOfStockException("order-1", List.of(new Shortage("SKU-B", 3, 1))));

    assertThatThrownBy(() -> worker.reserve(ORDER, INSTANCE))
        .isInstanceOfSatisfying(
            BpmnError.class,
            error -> {
              assertThat(error.getErrorCode()).isEqualTo(OrderProcess.ERROR_OUT_OF_STOCK);
              assertThat(error.getErrorMessage()).contains("SKU-B");
              assertThat(error.getVariables())
                  .asInstanceOf(map(String.class, Object.class))
                  .containsOnlyKeys(
                      OrderProcess.VAR_REJECTION_REASON,
                      OrderProcess.VAR_SHORTAGES,
                      OrderProcess.VAR_DESK_GROUPS,
                      OrderProcess.VAR_DESK_DUE_DATE,
                      OrderProcess.VAR_DESK_FOLLOW_UP_DATE)
                  .containsEntry(OrderProcess.VAR_SHORTAGES, List.of(new Shortage("SKU-B", 3, 1)))
                  .containsEntry(OrderProcess.VAR_DESK_GROUPS, List.of("order-desk"))
                  .containsEntry(OrderProcess.VAR_DESK_DUE_DATE, "2026-11-25T14:00:00Z")
                  .containsEntry(OrderProcess.VAR_DESK_FOLLOW_UP_DATE, "2026-11-25T11:00:00Z")
                  .extractingByKey(OrderProcess.VAR_REJECTION_REASON)
                  .asString()
                  .contains("SKU-B")
                  .contains("requested 3, available 1");
            });
  }

  @Test
  void technicalFailure_propagatesUnchangedSoTheJobIsRetried() {
    DataAccessResourceFailureException failure =
        new DataAccessResourceFailureException("connection refused");
    when(inventory.reserve(any(), any())).thenThrow(failure);

    assertThatThrownBy(() -> worker.reserve(ORDER, INSTANCE))
        .isSameAs(failure)
        .isNotInstanceOf(CamundaError.class);
  }
}
