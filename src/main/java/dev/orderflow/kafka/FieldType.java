package dev.orderflow.kafka;

import com.fasterxml.jackson.databind.JsonNode;

/** The JSON type a routed payload field must have to become a process variable. */
public enum FieldType {
  STRING,
  NUMBER,
  INTEGER,
  BOOLEAN,
  ARRAY,
  OBJECT,
  ANY;

  boolean accepts(JsonNode node) {
    return switch (this) {
      case STRING -> node.isTextual();
      case NUMBER -> node.isNumber();
      case INTEGER -> node.isIntegralNumber();
      case BOOLEAN -> node.isBoolean();
      case ARRAY -> node.isArray();
      case OBJECT -> node.isObject();
      case ANY -> !node.isMissingNode();
    };
  }
}
