package dev.orderflow.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.map;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.orderflow.order.OrderLine;
import dev.orderflow.order.OrderProcess;
import dev.orderflow.order.OrderVariables;
import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.CamundaError;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class ReserveInventoryWorkerTest {

  private static final List<OrderLine> LINES =
      List.of(new OrderLine("SKU-A", 1), new OrderLine("SKU-B", 3));
  private static final OrderVariables ORDER =
      new OrderVariables("order-1", "customer-1", LINES, new BigDecimal("42.00"), null, null);

  private final InventoryService inventory = mock(InventoryService.class);
  private final ReserveInventoryWorker worker = new ReserveInventoryWorker(inventory);

  @Test
  void availableStock_isReservedForTheOrdersLines() {
    when(inventory.reserve(anyString(), anyList())).thenReturn(true);

    assertThatCode(() -> worker.reserve(ORDER)).doesNotThrowAnyException();

    verify(inventory).reserve("order-1", LINES);
  }

  @Test
  void alreadyReservedOrder_completesTheJobWithoutError() {
    when(inventory.reserve(anyString(), anyList())).thenReturn(false);

    assertThatCode(() -> worker.reserve(ORDER)).doesNotThrowAnyException();
  }

  @Test
  void outOfStock_becomesTheOutOfStockBpmnErrorWithTheReason() {
    when(inventory.reserve(anyString(), anyList()))
        .thenThrow(new OutOfStockException("order-1", List.of(new Shortage("SKU-B", 3, 1))));

    assertThatThrownBy(() -> worker.reserve(ORDER))
        .isInstanceOfSatisfying(
            BpmnError.class,
            error -> {
              assertThat(error.getErrorCode()).isEqualTo(OrderProcess.ERROR_OUT_OF_STOCK);
              assertThat(error.getErrorMessage()).contains("SKU-B");
              assertThat(error.getVariables())
                  .asInstanceOf(map(String.class, Object.class))
                  .containsOnlyKeys(OrderProcess.VAR_REJECTION_REASON)
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

    assertThatThrownBy(() -> worker.reserve(ORDER))
        .isSameAs(failure)
        .isNotInstanceOf(CamundaError.class);
  }
}
