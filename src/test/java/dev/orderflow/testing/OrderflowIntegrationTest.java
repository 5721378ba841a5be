package dev.orderflow.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application against a real Kafka broker (embedded, KRaft) and the embedded engine
 * ({@link EmbeddedEngine}), over their real protocols. Each test class gets a context (and an
 * engine) of its own, closed after the class: a cached context's job workers and Kafka consumers
 * would keep polling in the background, taking CPU from the test that runs, and few test classes
 * share a configuration that would let a context be reused.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest
@EmbeddedKafka(
    kraft = true,
    partitions = 2,
    bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = EmbeddedEngineInitializer.class)
@ActiveProfiles("test")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface OrderflowIntegrationTest {}
