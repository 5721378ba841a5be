package dev.orderflow.kafka;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.camunda.feel.valuemapper.ValueMapper;
import org.camunda.feel.valuemapper.ValueMapper$;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * FEEL, as the engine and Camunda's connectors evaluate it (feel-scala, the version Zeebe 8.8
 * uses): the expressions of the Kafka connector properties in the models. Each is parsed once, at
 * start-up, where a syntax error is refused naming its element and setting; evaluating it then
 * costs no parsing. The engine is stateless and shared by all threads. It knows the connector
 * runtime's {@code bpmnError(...)} and {@code jobError(...)} ({@link ConnectorFeelFunctions}).
 */
public final class Feel {

  private static final FeelEngineApi ENGINE =
      FeelEngineBuilder.forJava().withFunctionProvider(new ConnectorFeelFunctions()).build();

  /** The engine's own mapping of Java values into FEEL's. */
  private static final ValueMapper VALUES = ValueMapper$.MODULE$.defaultValueMapper();

  private Feel() {}

  /**
   * The variables with their values already in FEEL's form, for several expressions to read: the
   * record's payload is mapped once, and each evaluation reads the variables where they are (the
   * same results as with the plain values).
   */
  public static Variables prepared(Map<String, Object> variables) {
    Map<String, Object> prepared = new HashMap<>(variables.size() * 2);
    variables.forEach((name, value) -> prepared.put(name, VALUES.toVal(value)));
    return new Variables(prepared);
  }

  /**
   * Variables in FEEL's form, as the context of an evaluation. Handed to the engine as a plain map,
   * every evaluation copied them into an ordered map of its own, and merged an empty set of
   * functions with all of FEEL's built-in ones; a context of its own is read in place and brings no
   * functions to merge.
   */
  public static final class Variables extends CustomContext {

    private final VariableProvider provider;

    private Variables(Map<String, Object> values) {
      provider =
          new VariableProvider() {
            @Override
            public Option<Object> getVariable(String name) {
              return Option.apply(values.get(name));
            }

            @Override
            public scala.collection.Iterable<String> keys() {
              return CollectionConverters.asScala(values.keySet());
            }
          };
    }

    @Override
    public VariableProvider variableProvider() {
      return provider;
    }
  }

  /**
   * Parses an expression as Modeler writes it (a leading {@code =} marks FEEL).
   *
   * @param where what the expression is, for errors: e.g. {@code order-process/WaitForPayment
   *     correlationKeyExpression}
   * @throws IllegalArgumentException naming {@code where} if it is not FEEL
   */
  public static Expression parse(String text, String where) {
    String feel = text.strip();
    if (feel.startsWith("=")) {
      feel = feel.substring(1);
    }
    if (feel.isBlank()) {
      throw new IllegalArgumentException(where + ": the FEEL expression is empty");
    }
    ParseResult parsed = ENGINE.parseExpression(feel);
    if (!parsed.isSuccess()) {
      throw new IllegalArgumentException(
          where + ": not a FEEL expression: " + parsed.failure().message());
    }
    return new Expression(feel, where, parsed.parsedExpression());
  }

  /** An expression that fails on a value: the reason names the expression and FEEL's message. */
  public static final class EvaluationException extends RuntimeException {
    EvaluationException(String message) {
      super(message);
    }
  }

  /**
   * A parsed expression.
   *
   * @param text the expression, without the leading {@code =}
   * @param where what it is, for errors
   */
  public record Expression(String text, String where, ParsedExpression parsed) {

    /**
     * Evaluates the expression against the variables. Results are plain Java values, as a process
     * variable holds them: maps, lists, strings, numbers, booleans, null; dates, times and
     * durations become their ISO-8601 text.
     *
     * @throws EvaluationException if FEEL fails (e.g. {@code assert} is false), with its message
     */
    public Object evaluate(Map<String, Object> variables) {
      return evaluate(prepared(variables));
    }

    /** Evaluates the expression against variables already in FEEL's form (see above). */
    public Object evaluate(Variables variables) {
      EvaluationResult result = ENGINE.evaluate(parsed, variables);
      if (!result.isSuccess()) {
        throw new EvaluationException(where + " failed: " + reason(result.failure().message()));
      }
      return plain(result.result());
    }

    @Override
    public String toString() {
      return "=" + text;
    }
  }

  /** FEEL's message without the expression it repeats ("... on evaluate the expression '…': "). */
  private static String reason(String message) {
    int quoteColon = message.lastIndexOf("': ");
    return quoteColon < 0 ? message : message.substring(quoteColon + 3);
  }

  private static Object plain(Object value) {
    return switch (value) {
      case null -> null;
      case Map<?, ?> map -> {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
        yield copy;
      }
      case Collection<?> list -> {
        List<Object> copy = new ArrayList<>(list.size());
        list.forEach(v -> copy.add(plain(v)));
        yield copy;
      }
      case ZonedDateTime time -> time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      case OffsetDateTime time -> time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      case TemporalAccessor time -> time.toString();
      case Duration duration -> duration.toString();
      case Period period -> period.toString();
      default -> value;
    };
  }
}
