package dev.orderflow.config;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * The production profile ({@code secured}) needs an external database: without one, the application
 * would silently keep its claims and reservations in a per-instance H2 file, and scaled-out
 * instances would each have their own. So it refuses to start unless {@code ORDERFLOW_DB_URL} (not
 * H2), {@code ORDERFLOW_DB_USERNAME} and {@code ORDERFLOW_DB_PASSWORD} give one (read by {@code
 * application-secured.yaml}; {@code SPRING_DATASOURCE_*} override them as usual). Runs before any
 * bean is created, so the message is the first and only error.
 */
public class ProductionDatabaseCheck implements EnvironmentPostProcessor {

  static final String PROFILE = "secured";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.acceptsProfiles(Profiles.of(PROFILE))) {
      return;
    }
    List<String> missing = new ArrayList<>();
    String url = value(environment, "spring.datasource.url", "ORDERFLOW_DB_URL", missing);
    value(environment, "spring.datasource.username", "ORDERFLOW_DB_USERNAME", missing);
    value(environment, "spring.datasource.password", "ORDERFLOW_DB_PASSWORD", missing);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "The '"
              + PROFILE
              + "' profile needs an external database: set "
              + String.join(", ", missing)
              + " in the environment (e.g. ORDERFLOW_DB_URL=jdbc:postgresql://db:5432/orderflow)");
    }
    if (url.startsWith("jdbc:h2:")) {
      throw new IllegalStateException(
          "The '"
              + PROFILE
              + "' profile needs an external database, shared by every instance; ORDERFLOW_DB_URL"
              + " is "
              + url
              + ", a local H2 database");
    }
  }

  private static String value(
      ConfigurableEnvironment environment, String property, String variable, List<String> missing) {
    String value;
    try {
      value = environment.getProperty(property);
    } catch (IllegalArgumentException unresolvable) {
      value = null; // ${ORDERFLOW_DB_...} with the variable not set
    }
    if (value == null || value.isBlank() || value.contains("${")) {
      missing.add(variable);
      return "";
    }
    return value;
  }
}
