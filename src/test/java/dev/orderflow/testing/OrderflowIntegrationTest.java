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
 * The whole application against a real Kafka broker (embedded, KRaft) and the in-memory engine,
 * over their real protocols. Each test class gets a context (and an engine) of its own, closed
 * after the class: the in-memory engines of one JVM must not run at the same time (see {@link
 * EmbeddedEngine}), and a cached context's job workers would keep its engine busy.
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
