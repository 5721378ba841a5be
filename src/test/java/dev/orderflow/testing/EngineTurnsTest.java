package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.TestContext;

/** A cached context stays quiet while another engine works, and works again when its turn comes. */
class EngineTurnsTest {

  final GenericApplicationContext cached = contextWithWorkers();
  final GenericApplicationContext other = contextWithWorkers();

  @AfterEach
  void close() {
    cached.close();
    other.close();
  }

  @Test
  void startingAnotherEngine_pausesTheWorkersOfEveryRegisteredContext() {
    EngineTurns.register(cached);
    assertThat(workers(cached).isRunning()).isTrue();

    try (EmbeddedEngine ignored = EmbeddedEngine.start()) {
      assertThat(workers(cached).isRunning()).isFalse();
      assertThat(cached.isActive()).as("paused, not closed: the cache keeps it").isTrue();
    }
  }

  @Test
  void aTestClassOfACachedContext_resumesItAndPausesTheOthers() {
    EngineTurns.register(cached);
    EngineTurns.register(other);
    cached.stop();

    new EngineTurns.Listener().beforeTestClass(testOf(cached));

    assertThat(workers(cached).isRunning()).isTrue();
    assertThat(workers(other).isRunning()).isFalse();
  }

  @Test
  void closedContexts_areForgotten_andUnknownOnesLeftAlone() {
    EngineTurns.register(other);
    other.close();
    GenericApplicationContext unregistered = contextWithWorkers();
    try {
      new EngineTurns.Listener().beforeTestClass(testOf(unregistered));
      assertThat(workers(unregistered).isRunning()).isTrue();
    } finally {
      unregistered.close();
    }
  }

  static GenericApplicationContext contextWithWorkers() {
    GenericApplicationContext context = new GenericApplicationContext();
    context.registerBean("workers", Workers.class);
    context.refresh();
    return context;
  }

  static Workers workers(GenericApplicationContext context) {
    return context.getBean(Workers.class);
  }

  static TestContext testOf(GenericApplicationContext context) {
    TestContext testContext = mock(TestContext.class);
    when(testContext.getApplicationContext()).thenReturn(context);
    return testContext;
  }

  /** Stands in for the job workers and Kafka listener containers: a lifecycle bean. */
  public static class Workers implements SmartLifecycle {
    private final AtomicBoolean running = new AtomicBoolean();

    @Override
    public void start() {
      running.set(true);
    }

    @Override
    public void stop() {
      running.set(false);
    }

    @Override
    public boolean isRunning() {
      return running.get();
    }
  }
}
