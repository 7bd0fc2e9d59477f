package io.stockbridge.connector.shopify;

/**
 * What to send again for a change whose {@code changeFromQuantity} no longer matched ({@code
 * CHANGE_FROM_QUANTITY_STALE}): given the change as sent and the quantity the store holds now, the
 * change to send instead, with {@code changeFromQuantity} set to {@code current}. {@link #REREAD}
 * keeps the quantity (the caller is the system of record); the stock flow re-plans it with the
 * store's own movement held back (no oversell).
 */
@FunctionalInterface
public interface StaleRebase {
  /** Keeps the quantity, against the quantity now there. */
  StaleRebase REREAD = (index, sent, current) -> sent.withChangeFrom(current);

  /**
   * @param index the change's position in the list given to {@code setQuantities}
   */
  QuantityChange rebase(int index, QuantityChange sent, int current);
}
