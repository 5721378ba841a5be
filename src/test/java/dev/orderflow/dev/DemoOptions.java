package dev.orderflow.dev;

import java.util.HashMap;
import java.util.Map;

/** Reads {@code --name=value} and {@code --flag} arguments before Spring starts. */
final class DemoOptions {

  private DemoOptions() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        options.put(
            eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
      }
    }
    return options;
  }
}
