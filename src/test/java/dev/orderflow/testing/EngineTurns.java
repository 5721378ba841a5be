package dev.orderflow.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Only one in-memory engine works at a time in a test JVM.
 *
 * <p>Every engine of zeebe-process-test 8.8 writes its gRPC answers through one buffer view that is
 * static in {@code GrpcResponseWriter}: two engines answering at the same time corrupt each other's
 * answers. Seen here as "Could not deserialize object [JobBatchRecord]" and "offset=0 length=230
 * not valid for capacity=227" from the engine's actor; the job activation whose answer was lost
 * stays activated until its timeout, so orders stall in whichever test is running.
 *
 * <p>Spring keeps the contexts of earlier test classes in its cache, and with them their job
 * workers, which poll their own engine several times a second. So: starting an engine pauses every
 * application context that owns one ({@link ConfigurableApplicationContext#stop()}: the Camunda SDK
 * closes its job workers, spring-kafka stops its listener containers), and before a test class
 * runs, {@link Listener} pauses the others and resumes its own. The paused engines keep their state
 * and answer nothing, because nobody asks.
 */
public final class EngineTurns {

  private static final List<ConfigurableApplicationContext> CONTEXTS = new CopyOnWriteArrayList<>();

  private EngineTurns() {}

  /** An application context whose job workers talk to an engine of its own. */
  static void register(ConfigurableApplicationContext context) {
    CONTEXTS.add(context);
  }

  /** Called before an engine starts: every registered context goes quiet. */
  static void pauseAll() {
    pauseAllExcept(null);
  }

  private static void pauseAllExcept(ApplicationContext current) {
    CONTEXTS.removeIf(context -> !context.isActive());
    for (ConfigurableApplicationContext context : CONTEXTS) {
      if (context != current && context.isRunning()) {
        context.stop();
      }
    }
  }

  /** Gives the engine of the test class's own context the turn. Registered in spring.factories. */
  public static final class Listener implements TestExecutionListener {

    @Override
    public void beforeTestClass(TestContext testContext) {
      ApplicationContext current = testContext.getApplicationContext();
      if (!(current instanceof ConfigurableApplicationContext context)
          || !CONTEXTS.contains(context)) {
        return;
      }
      pauseAllExcept(context);
      if (!context.isRunning()) {
        context.start();
      }
    }
  }
}
