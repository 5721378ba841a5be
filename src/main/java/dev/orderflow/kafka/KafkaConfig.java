package dev.orderflow.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The inbound error policy: poison records go to {@code <topic>.DLT} at once, with the reason and
 * the original coordinates in headers; any other failure (the engine unavailable) is retried with a
 * capped exponential backoff for as long as it takes, without committing or skipping, the listener
 * container paused in between.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

  static final String DLT_SUFFIX = ".DLT";
  static final String REASON_HEADER = "orderflow-dlt-reason";

  private static final Logger log = LoggerFactory.getLogger(KafkaConfig.class);

  /** Sends a record that can never become a message to {@code <topic>.DLT}, with the reason. */
  @Bean
  DeadLetterPublishingRecoverer inboundDeadLetters(
      KafkaTemplate<String, byte[]> template, RecordTranslator translator, MeterRegistry metrics) {
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            template, (record, e) -> new TopicPartition(record.topic() + DLT_SUFFIX, -1));
    recoverer.setHeadersFunction(
        (record, e) -> {
          String reason = reasonOf(e);
          String route = routeName(translator, record);
          log.error(
              "Dead-lettered {}-{}@{} (order {}, route {}): {}",
              record.topic(),
              record.partition(),
              record.offset(),
              RecordTranslator.orderIdOf(record),
              route,
              reason);
          metrics
              .counter("orderflow.inbound.records", "route", route, "outcome", "dead-lettered")
              .increment();
          RecordHeaders headers = new RecordHeaders();
          headers.add(new RecordHeader(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
          return headers;
        });
    return recoverer;
  }

  /** Resumes paused listener containers when their back off is over. */
  @Bean(destroyMethod = "shutdown")
  ThreadPoolTaskScheduler inboundResumeScheduler() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(1);
    scheduler.setThreadNamePrefix("inbound-resume-");
    scheduler.initialize();
    return scheduler;
  }

  @Bean
  DefaultErrorHandler inboundErrorHandler(
      DeadLetterPublishingRecoverer inboundDeadLetters,
      InboundProperties properties,
      @Lazy KafkaListenerEndpointRegistry registry,
      ThreadPoolTaskScheduler inboundResumeScheduler) {
    InboundProperties.Retry retry = properties.retry();
    ExponentialBackOff backOff = new ExponentialBackOff();
    backOff.setInitialInterval(retry.initialInterval().toMillis());
    backOff.setMultiplier(retry.multiplier());
    backOff.setMaxInterval(retry.maxInterval().toMillis());
    backOff.setMaxElapsedTime(Long.MAX_VALUE); // an unavailable engine is waited for, not skipped

    // While backing off, the container is paused (spring-kafka pause/resume): the consumer stays
    // in its group and fetches nothing, instead of sleeping on its thread or buffering records.
    DefaultErrorHandler handler =
        new DefaultErrorHandler(
            inboundDeadLetters,
            backOff,
            new ContainerPausingBackOffHandler(
                new ListenerContainerPauseService(registry, inboundResumeScheduler)));
    handler.addNotRetryableExceptions(PoisonRecordException.class);
    handler.setCommitRecovered(true);
    handler.setRetryListeners(
        (record, e, attempt) -> {
          if (!(unwrap(e) instanceof PoisonRecordException)) {
            log.warn(
                "Retrying {}-{}@{} (order {}), attempt {}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                RecordTranslator.orderIdOf(record),
                attempt,
                reasonOf(e));
          }
        });
    return handler;
  }

  @Bean
  @ConditionalOnProperty(
      name = "orderflow.kafka.create-topics",
      havingValue = "true",
      matchIfMissing = true)
  KafkaAdmin.NewTopics orderflowTopics(
      InboundProperties inbound, OutboundProperties outbound, KafkaTopicsProperties topics) {
    // a topic can be both written and read (orders.events: passive tracking reads the outcomes)
    Set<String> names = new LinkedHashSet<>();
    for (String topic : inbound.topics()) {
      names.add(topic);
      names.add(topic + DLT_SUFFIX);
    }
    names.addAll(outbound.topics());
    return new KafkaAdmin.NewTopics(
        names.stream()
            .map(name -> TopicBuilder.name(name).partitions(topics.partitions()).build())
            .toArray(NewTopic[]::new));
  }

  private static String routeName(RecordTranslator translator, ConsumerRecord<?, ?> record) {
    try {
      return translator.routeOf(record.topic()).name();
    } catch (PoisonRecordException e) {
      return "none";
    }
  }

  /** The innermost message that explains the failure (the listener wraps the real cause). */
  static String reasonOf(Throwable e) {
    Throwable t = unwrap(e);
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null
        && !(t instanceof PoisonRecordException)
        && !(t instanceof EngineUnavailableException)) {
      t = t.getCause();
    }
    return t;
  }
}
