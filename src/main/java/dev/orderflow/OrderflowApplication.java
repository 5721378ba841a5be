package dev.orderflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Orderflow: order fulfilment as a Zeebe process; Kafka carries the facts, the engine keeps the
 * intent. The models and forms are deployed by {@link dev.orderflow.config.ProcessDeployment},
 * which waits for the engine.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderflowApplication {

  public static void main(String[] args) {
    SpringApplication.run(OrderflowApplication.class, args);
  }
}
