package dev.orderflow;

import io.camunda.client.annotation.Deployment;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Orderflow: order fulfilment as a Zeebe process; Kafka carries the facts, the engine keeps the
 * intent.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Deployment(resources = {"classpath*:/bpmn/*.bpmn", "classpath*:/forms/*.form"})
public class OrderflowApplication {

  public static void main(String[] args) {
    SpringApplication.run(OrderflowApplication.class, args);
  }
}
