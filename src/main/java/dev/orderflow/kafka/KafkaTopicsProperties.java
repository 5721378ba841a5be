package dev.orderflow.kafka;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code orderflow.kafka.*}: whether the application creates its topics (handy locally; where a
 * platform team owns topics, set {@code create-topics: false}) and with how many partitions.
 */
@Validated
@ConfigurationProperties("orderflow.kafka")
public record KafkaTopicsProperties(
    @DefaultValue("true") boolean createTopics, @Min(1) @DefaultValue("3") int partitions) {}
