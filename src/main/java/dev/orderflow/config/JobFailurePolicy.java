package dev.orderflow.config;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.DefaultJobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * How a worker's technical failure becomes a failed job: the retry counter goes down by one, the
 * next attempt waits a growing backoff, and the error message says which job failed for which order
 * and why, so the incident in Operate explains itself once the retries are used up. BPMN errors and
 * explicit job errors pass through unchanged.
 */
@Primary
@Component
public class JobFailurePolicy implements JobExceptionHandlingStrategy {

  private static final Logger log = LoggerFactory.getLogger(JobFailurePolicy.class);

  private final JobExceptionHandlingStrategy delegate;
  private final OrderflowProperties.Jobs jobs;

  @Autowired
  public JobFailurePolicy(
      CommandExceptionHandlingStrategy commands,
      MetricsRecorder metrics,
      OrderflowProperties properties) {
    this(new DefaultJobExceptionHandlingStrategy(commands, metrics), properties);
  }

  /** With the strategy that sends the resulting commands (the SDK's default above). */
  JobFailurePolicy(JobExceptionHandlingStrategy delegate, OrderflowProperties properties) {
    this.delegate = delegate;
    this.jobs = properties.jobs();
  }

  @Override
  public void handleException(Exception exception, ExceptionHandlingContext context)
      throws Exception {
    if (exception instanceof CamundaError) {
      delegate.handleException(exception, context);
      return;
    }
    ActivatedJob job = context.job();
    int retriesLeft = Math.max(0, job.getRetries() - 1);
    int failedAttempts = Math.max(1, jobs.maxAttempts() - retriesLeft);
    String message = describe(job, exception);
    if (retriesLeft > 0) {
      log.warn("{}; attempt {}, {} retries left", message, failedAttempts, retriesLeft);
    } else {
      log.error("{}; no retries left, the engine raises an incident", message, exception);
    }
    delegate.handleException(
        CamundaError.jobError(
            message, null, retriesLeft, jobs.backoffAfter(failedAttempts), exception),
        context);
  }

  static String describe(ActivatedJob job, Exception exception) {
    Object orderId = job.getVariablesAsMap().get("orderId");
    Throwable cause = exception;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String reason =
        cause == exception ? exception.toString() : exception + " (cause: " + cause + ")";
    return job.getType() + " failed for order " + orderId + ": " + reason;
  }
}
