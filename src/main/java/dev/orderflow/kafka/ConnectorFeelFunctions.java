package dev.orderflow.kafka;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.feel.context.Context;
import org.camunda.feel.context.JavaFunction;
import org.camunda.feel.context.JavaFunctionProvider;
import org.camunda.feel.syntaxtree.Val;
import org.camunda.feel.syntaxtree.ValContext;
import org.camunda.feel.syntaxtree.ValDayTimeDuration;
import org.camunda.feel.syntaxtree.ValNumber;
import org.camunda.feel.syntaxtree.ValString;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The FEEL functions Camunda's connector runtime offers in a connector's {@code errorExpression}:
 * {@code bpmnError(errorCode, errorMessage[, variables])} and {@code jobError(errorMessage[,
 * variables[, retries[, retryBackoff]]])}. Each returns a context that says what to do with the
 * job, {@code errorType} {@value #BPMN_ERROR} or {@value #JOB_ERROR}, as the runtime's do: a job
 * error without retries or backoff has 0 retries (an incident) and no backoff.
 */
final class ConnectorFeelFunctions extends JavaFunctionProvider {

  static final String ERROR_TYPE = "errorType";
  static final String BPMN_ERROR = "bpmnError";
  static final String JOB_ERROR = "jobError";

  private static final List<String> BPMN_ERROR_PARAMS =
      List.of("errorCode", "errorMessage", "variables");
  private static final List<String> JOB_ERROR_PARAMS =
      List.of("errorMessage", "variables", "retries", "retryBackoff");

  private final Map<String, List<JavaFunction>> functions =
      Map.of(
          BPMN_ERROR,
          List.of(
              new JavaFunction(BPMN_ERROR_PARAMS.subList(0, 2), ConnectorFeelFunctions::bpmnError),
              new JavaFunction(BPMN_ERROR_PARAMS, ConnectorFeelFunctions::bpmnError)),
          JOB_ERROR,
          List.of(
              new JavaFunction(JOB_ERROR_PARAMS.subList(0, 1), ConnectorFeelFunctions::jobError),
              new JavaFunction(JOB_ERROR_PARAMS.subList(0, 2), ConnectorFeelFunctions::jobError),
              new JavaFunction(JOB_ERROR_PARAMS.subList(0, 3), ConnectorFeelFunctions::jobError),
              new JavaFunction(JOB_ERROR_PARAMS, ConnectorFeelFunctions::jobError)));

  private static Val bpmnError(List<Val> args) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put(ERROR_TYPE, new ValString(BPMN_ERROR));
    error.put("errorCode", string(args.get(0), "errorCode", BPMN_ERROR));
    error.put("errorMessage", string(args.get(1), "errorMessage", BPMN_ERROR));
    if (args.size() > 2) {
      error.put("variables", context(args.get(2), "variables", BPMN_ERROR));
    }
    return context(error);
  }

  private static Val jobError(List<Val> args) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put(ERROR_TYPE, new ValString(JOB_ERROR));
    error.put("errorMessage", string(args.get(0), "errorMessage", JOB_ERROR));
    if (args.size() > 1) {
      error.put("variables", context(args.get(1), "variables", JOB_ERROR));
    }
    if (args.size() > 2) {
      if (!(args.get(2) instanceof ValNumber)) {
        throw new IllegalArgumentException("jobError: retries must be a number");
      }
      error.put("retries", args.get(2));
    }
    if (args.size() > 3) {
      if (!(args.get(3) instanceof ValDayTimeDuration)) {
        throw new IllegalArgumentException("jobError: retryBackoff must be a days-time duration");
      }
      error.put("retryBackoff", args.get(3));
    }
    return context(error);
  }

  private static Val string(Val value, String param, String function) {
    if (value instanceof ValString) {
      return value;
    }
    throw new IllegalArgumentException(function + ": " + param + " must be a string");
  }

  private static Val context(Val value, String param, String function) {
    if (value instanceof ValContext) {
      return value;
    }
    throw new IllegalArgumentException(function + ": " + param + " must be a context");
  }

  private static Val context(Map<String, Object> entries) {
    return new ValContext(
        new Context.StaticContext(
            scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(entries)),
            scala.collection.immutable.Map$.MODULE$.empty()));
  }

  @Override
  public Optional<JavaFunction> resolveFunction(String name) {
    List<JavaFunction> all = resolveFunctions(name);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
  }

  @Override
  public List<JavaFunction> resolveFunctions(String name) {
    return functions.getOrDefault(name, List.of());
  }

  @Override
  public Collection<String> getFunctionNames() {
    return functions.keySet();
  }
}
