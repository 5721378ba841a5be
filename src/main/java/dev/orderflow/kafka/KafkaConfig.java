package dev.orderflow.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The inbound error policy: poison records go to {@code <topic>.DLT} at once, with the reason and
 * the original coordinates in headers (trimmed if too large, skipped with an error if the topic
 * cannot be written: {@link DeadLetters}); any other failure (the engine unavailable) is retried
 * with a capped exponential backoff for as long as it takes, without committing or skipping, the
 * listener container paused in between.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

  static final String DLT_SUFFIX = ".DLT";
  static final String REASON_HEADER = "orderflow-dlt-reason";

  /** Added to the producer's delivery timeout to bound the wait for a dead letter's send. */
  private static final long DLT_TIMEOUT_BUFFER_MS = 1000;

  private static final Logger log = LoggerFactory.getLogger(KafkaConfig.class);

  /** Writes a record that can never become a message to {@code <topic>.DLT}, with the reason. */
  @Bean
  DeadLetters inboundDeadLetters(
      KafkaTemplate<String, byte[]> template, BridgeHealth health, MeterRegistry metrics) {
    DeadLetterPublishingRecoverer full = new FailingDeadLetterRecoverer(template);
    full.setHeadersFunction(KafkaConfig::reasonHeader);
    full.setTimeoutBuffer(DLT_TIMEOUT_BUFFER_MS);
    TrimmedDeadLetterRecoverer trimmed = new TrimmedDeadLetterRecoverer(template);
    trimmed.setHeadersFunction(
        (record, e) -> {
          Headers headers = reasonHeader(record, e);
          int size = record.value() instanceof byte[] value ? value.length : 0;
          headers.add(DeadLetters.TRIMMED_HEADER, String.valueOf(size).getBytes(UTF_8));
          return headers;
        });
    trimmed.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
    trimmed.setTimeoutBuffer(DLT_TIMEOUT_BUFFER_MS);
    return new DeadLetters(full, trimmed, health, metrics);
  }

  private static TopicPartition deadLetterTopic(ConsumerRecord<?, ?> record, Exception e) {
    return new TopicPartition(record.topic() + DLT_SUFFIX, -1);
  }

  private static Headers reasonHeader(ConsumerRecord<?, ?> record, Exception e) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader(REASON_HEADER, reasonOf(e).getBytes(UTF_8)));
    return headers;
  }

  /**
   * Writes to {@code <topic>.DLT} and throws if the write failed, with the producer's exception as
   * the cause, also when {@code send} itself throws (the record too large for the producer): the
   * recoverer it extends only logs that one and throws a bare "publication failed".
   */
  static class FailingDeadLetterRecoverer extends DeadLetterPublishingRecoverer {

    FailingDeadLetterRecoverer(KafkaTemplate<String, byte[]> template) {
      super(template, KafkaConfig::deadLetterTopic);
    }

    @Override
    protected void publish(
        ProducerRecord<Object, Object> outRecord,
        KafkaOperations<Object, Object> kafkaTemplate,
        ConsumerRecord<?, ?> inRecord) {
      CompletableFuture<SendResult<Object, Object>> sent;
      try {
        sent = kafkaTemplate.send(outRecord);
      } catch (RuntimeException e) {
        throw new KafkaException(
            "Dead-letter publication to " + outRecord.topic() + " failed: " + e.getMessage(), e);
      }
      verifySendResult(kafkaTemplate, outRecord, sent, inRecord);
    }
  }

  /**
   * The copy of a record too large for the broker even as a dead letter: the value cut to {@value
   * DeadLetters#TRIMMED_VALUE_BYTES} bytes; of the headers only the dead-letter ones (reason,
   * original coordinates, exception class and message), not the original record's.
   */
  static final class TrimmedDeadLetterRecoverer extends FailingDeadLetterRecoverer {

    TrimmedDeadLetterRecoverer(KafkaTemplate<String, byte[]> template) {
      super(template);
    }

    @Override
    protected ProducerRecord<Object, Object> createProducerRecord(
        ConsumerRecord<?, ?> record,
        TopicPartition topicPartition,
        Headers headers,
        byte[] key,
        byte[] value) {
      RecordHeaders kept = new RecordHeaders();
      for (Header header : headers) {
        if (header.key().startsWith("kafka_dlt-")
            || header.key().equals(REASON_HEADER)
            || header.key().equals(DeadLetters.TRIMMED_HEADER)) {
          kept.add(header);
        }
      }
      byte[] original = record.value() instanceof byte[] bytes ? bytes : new byte[0];
      byte[] cut =
          Arrays.copyOf(original, Math.min(original.length, DeadLetters.TRIMMED_VALUE_BYTES));
      return new ProducerRecord<>(
          topicPartition.topic(),
          topicPartition.partition() < 0 ? null : topicPartition.partition(),
          key != null ? key : record.key(),
          cut,
          kept);
    }
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

  /**
   * The wait between two attempts at a refused record: from {@code initial-interval}, growing by
   * {@code multiplier}, capped at {@code max-interval}, and never ending, however long the engine
   * is down: an unavailable engine is waited for, no record is skipped.
   */
  static BackOff inboundBackOff(InboundProperties.Retry retry) {
    ExponentialBackOff backOff = new ExponentialBackOff();
    backOff.setInitialInterval(retry.initialInterval().toMillis());
    backOff.setMultiplier(retry.multiplier());
    backOff.setMaxInterval(retry.maxInterval().toMillis());
    backOff.setMaxElapsedTime(Long.MAX_VALUE);
    backOff.setMaxAttempts(Integer.MAX_VALUE);
    return backOff;
  }

  @Bean
  DefaultErrorHandler inboundErrorHandler(
      DeadLetters inboundDeadLetters,
      InboundProperties properties,
      @Lazy KafkaListenerEndpointRegistry registry,
      ThreadPoolTaskScheduler inboundResumeScheduler) {
    BackOff backOff = inboundBackOff(properties.retry());

    // While backing off, the container is paused (spring-kafka pause/resume): the consumer stays
    // in its group and fetches nothing, instead of sleeping on its thread or buffering records.
    DefaultErrorHandler handler =
        new DefaultErrorHandler(
            (record, e) -> {
              @SuppressWarnings("unchecked")
              ConsumerRecord<String, byte[]> bytes = (ConsumerRecord<String, byte[]>) record;
              inboundDeadLetters.write(
                  bytes,
                  unwrap(e) instanceof PoisonRecordException poison
                      ? poison
                      : new PoisonRecordException(reasonOf(e), e));
            },
            backOff,
            new ContainerPausingBackOffHandler(
                new ListenerContainerPauseService(registry, inboundResumeScheduler)));
    handler.addNotRetryableExceptions(PoisonRecordException.class);
    handler.setCommitRecovered(true);
    handler.setRetryListeners(
        (record, e, attempt) -> {
          Throwable cause = unwrap(e);
          if (!(cause instanceof PoisonRecordException)
              && !(cause instanceof BridgeStoppingException)) {
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
      ModelRoutes routes, OutboundProperties outbound, KafkaTopicsProperties topics) {
    // a topic can be both written and read (orders.events: passive tracking reads the outcomes)
    Set<String> names = new LinkedHashSet<>();
    for (String topic : routes.topics()) {
      names.add(topic);
      names.add(topic + DLT_SUFFIX);
    }
    names.addAll(outbound.topics());
    return new KafkaAdmin.NewTopics(
        names.stream()
            .map(name -> TopicBuilder.name(name).partitions(topics.partitions()).build())
            .toArray(NewTopic[]::new));
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
        && !(t instanceof EngineUnavailableException)
        && !(t instanceof BridgeStoppingException)) {
      t = t.getCause();
    }
    return t;
  }
}
