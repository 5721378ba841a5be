package dev.orderflow.inventory;

/** A SKU that cannot be reserved: how many were asked for and how many are available. */
public record Shortage(String sku, int requested, int available) {

  @Override
  public String toString() {
    return sku + " (requested " + requested + ", available " + available + ")";
  }
}
