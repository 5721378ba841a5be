package dev.orderflow.kafka;

import dev.orderflow.testing.OrderflowIntegrationTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The whole application, as {@link OrderflowIntegrationTest}, plus the route from {@code
 * audit.notes} (message {@code AuditNote}, TTL 0) of the test-only model {@code
 * test-models/audit-notes.bpmn}, which only the test profile {@code extra-route} deploys. The
 * {@link EngineMessageGateway} is a spy that passes everything through unless a test stubs it
 * (Spring resets it after each test), e.g. to make the engine's answers arrive out of step. Test
 * classes with this annotation share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@OrderflowIntegrationTest
@ActiveProfiles({"test", "extra-route"})
@MockitoSpyBean(types = EngineMessageGateway.class)
public @interface ExtraRouteIntegrationTest {}
