package dev.orderflow.config;

import io.camunda.client.api.worker.BackoffSupplier;
import io.camunda.client.jobhandling.CamundaClientExecutorService;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.CommandWrapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What happens to a job's completion, failure or BPMN error that the engine does not take: the
 * SDK's job workers send it without waiting (the auto-completing ones, and the Kafka connector
 * worker, which publishes first), and this strategy decides, in place of the SDK's default.
 *
 * <ul>
 *   <li>Refused for backpressure ({@code RESOURCE_EXHAUSTED}) or not reached ({@code UNAVAILABLE}):
 *       sent again after a pause growing from 100 ms to 5 s, while the job's deadline has not
 *       passed and {@code camunda.client.worker.defaults.max-retries} allows.
 *   <li>{@code NOT_FOUND}: the job is gone (its timeout passed and another worker has it, or its
 *       instance was cancelled): logged, nothing to do.
 *   <li>Anything else, or no attempt left: logged as a warning; the engine offers the job again
 *       after its timeout, and the idempotent workers make the second run harmless.
 * </ul>
 *
 * <p>The SDK's own strategy (8.8.14) sends nothing again: it throws for every status, and on the
 * auto-complete path it is handed the error wrapped in a {@link CompletionException}, which it
 * ignores, so a completion refused for backpressure was dropped without a word and its job ran
 * again 30 s later (ENGINE-NOTES.md; fixed upstream in camunda/camunda#49396).
 */
@Component
public class CommandRetries implements CommandExceptionHandlingStrategy {

  private static final Logger log = LoggerFactory.getLogger(CommandRetries.class);

  private static final Set<Status.Code> SEND_AGAIN_ON =
      Set.of(Status.Code.RESOURCE_EXHAUSTED, Status.Code.UNAVAILABLE);

  private final BackoffSupplier backoff =
      BackoffSupplier.newBackoffBuilder()
          .minDelay(100)
          .maxDelay(5_000)
          .backoffFactor(2)
          .jitterFactor(0.1)
          .build();
  private final ScheduledExecutorService scheduler;

  @Autowired
  public CommandRetries(CamundaClientExecutorService executor) {
    this(executor.get());
  }

  CommandRetries(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void handleCommandError(CommandWrapper command, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    Status.Code code =
        cause instanceof StatusRuntimeException refused ? refused.getStatus().getCode() : null;
    // the engine's message names the command and the job key; the wrapper's own text would log the
    // job's variables
    if (code != null && SEND_AGAIN_ON.contains(code) && command.hasMoreRetries()) {
      command.increaseBackoffUsing(backoff);
      log.debug("Refused, sent again after a pause: {}", message(cause));
      command.scheduleExecutionUsing(scheduler);
    } else if (code == Status.Code.NOT_FOUND) {
      log.info("The job is gone (timed out, or its instance ended): {}", message(cause));
    } else {
      log.warn("Not taken; the engine offers the job again after its timeout: {}", message(cause));
    }
  }

  private static String message(Throwable error) {
    return error.getMessage() == null ? error.getClass().getName() : error.getMessage();
  }
}
