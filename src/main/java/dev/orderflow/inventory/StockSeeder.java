package dev.orderflow.inventory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Creates the SKUs of {@code orderflow.inventory.seed-stock} that do not exist yet. */
@Component
class StockSeeder implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(StockSeeder.class);

  private final InventoryService inventory;
  private final InventoryProperties properties;

  StockSeeder(InventoryService inventory, InventoryProperties properties) {
    this.inventory = inventory;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) {
    properties
        .seedStock()
        .forEach(
            (sku, quantity) -> {
              if (inventory.createIfAbsent(sku, quantity)) {
                log.info("Seeded stock: {} x {}", quantity, sku);
              }
            });
  }
}
