package dev.orderflow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The message TTLs a scenario runs with, the same for the application and for the harness's own
 * publishes. The TTLs are in the models (the Kafka connector elements' {@code messageTtl}): for
 * short TTLs the application deploys copies of its models with those TTLs, as a designer would set
 * them in Modeler. The payment window (the timer) stays the application's default in every mode: a
 * pending timer costs the same whatever its due date, and none falls due during a run.
 *
 * @param name {@code default} (the application's defaults) or {@code short}
 * @param orderPlacedTtl TTL of OrderPlaced
 * @param paymentCapturedTtl TTL of PaymentCaptured
 * @param paymentTimeout the payment window, given to each order as {@code paymentTimeout}
 */
public record TtlMode(
    String name, Duration orderPlacedTtl, Duration paymentCapturedTtl, Duration paymentTimeout) {

  /** The application's defaults (application.yaml): every TTL is the payment window, PT2H. */
  static final Duration APPLICATION_PAYMENT_TIMEOUT = Duration.ofHours(2);

  public static TtlMode applicationDefault() {
    return new TtlMode(
        "default",
        APPLICATION_PAYMENT_TIMEOUT,
        APPLICATION_PAYMENT_TIMEOUT,
        APPLICATION_PAYMENT_TIMEOUT);
  }

  /**
   * Short TTLs. PaymentCaptured needs a TTL above 0: the harness (like a payment service) sends the
   * payment right after the order, so it often reaches the engine before the order waits for it,
   * and a message with TTL 0 that finds nobody waiting is dropped.
   */
  public static TtlMode shortTtls(Duration orderPlaced, Duration paymentCaptured) {
    if (paymentCaptured.isZero() || paymentCaptured.isNegative()) {
      throw new IllegalArgumentException(
          "short-payment-ttl must be above 0: a payment that arrives before its order waits would"
              + " be lost");
    }
    return new TtlMode("short", orderPlaced, paymentCaptured, APPLICATION_PAYMENT_TIMEOUT);
  }

  /** The application properties that give it these TTLs. */
  public Map<String, Object> applicationProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("orderflow.payment-timeout", paymentTimeout.toString());
    if (!orderPlacedTtl.equals(APPLICATION_PAYMENT_TIMEOUT)
        || !paymentCapturedTtl.equals(APPLICATION_PAYMENT_TIMEOUT)) {
      properties.put(
          "orderflow.deployment.resources",
          modelsWithTheseTtls().toUri() + "*.bpmn,classpath*:/forms/*.form");
    }
    return properties;
  }

  /** A Kafka connector element's properties in a model's XML. */
  static final Pattern CONNECTOR_PROPERTIES =
      Pattern.compile("<zeebe:properties>.*?</zeebe:properties>", Pattern.DOTALL);

  /** A messageTtl property: its value is group 2. */
  static final Pattern MESSAGE_TTL =
      Pattern.compile("(<zeebe:property name=\"messageTtl\" value=\")([^\"]*)(\")");

  /**
   * The application's models, copied to a temporary directory with these TTLs on the elements fed
   * by orders.placed and payments.captured.
   */
  private Path modelsWithTheseTtls() {
    try {
      Path dir = Files.createTempDirectory("orderflow-bench-models-");
      dir.toFile().deleteOnExit();
      for (Resource model :
          new PathMatchingResourcePatternResolver().getResources("classpath*:/bpmn/*.bpmn")) {
        String xml = model.getContentAsString(StandardCharsets.UTF_8);
        Matcher block = CONNECTOR_PROPERTIES.matcher(xml);
        StringBuilder out = new StringBuilder();
        while (block.find()) {
          String properties = block.group();
          Duration ttl =
              properties.contains("value=\"orders.placed\"")
                  ? orderPlacedTtl
                  : properties.contains("value=\"payments.captured\"") ? paymentCapturedTtl : null;
          String replaced =
              ttl == null
                  ? properties
                  : MESSAGE_TTL.matcher(properties).replaceAll("$1" + ttl + "$3");
          block.appendReplacement(out, Matcher.quoteReplacement(replaced));
        }
        block.appendTail(out);
        Path copy = dir.resolve(model.getFilename());
        Files.writeString(copy, out);
        copy.toFile().deleteOnExit();
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the models with short TTLs", e);
    }
  }

  /** For tables: e.g. {@code default (OrderPlaced PT2H, PaymentCaptured PT2H)}. */
  public String label() {
    return name
        + " (OrderPlaced "
        + orderPlacedTtl
        + ", PaymentCaptured "
        + paymentCapturedTtl
        + ")";
  }

  Map<String, Object> describe() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", name);
    map.put("orderPlacedTtl", orderPlacedTtl.toString());
    map.put("paymentCapturedTtl", paymentCapturedTtl.toString());
    map.put("paymentTimeout", paymentTimeout.toString());
    return map;
  }
}
