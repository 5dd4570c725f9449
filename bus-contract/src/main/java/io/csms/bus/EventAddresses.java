package io.csms.bus;

/**
 * Published events (no reply). Any number of verticles, on any node, may listen. Publishers publish only
 * after the fact is committed, and listeners must tolerate duplicates and missed events: each event is a
 * hint to act now, while the state in the database stays the truth that periodic scans act on.
 */
public final class EventAddresses {
  private static final String PREFIX = "csms.events.v1.";

  /** {@code {transactionId, chargePointId}}: a stop (or a reconciliation close) is committed; bill it. */
  public static final String TRANSACTION_STOPPED = PREFIX + "transaction.stopped";

  /**
   * {@code {transactionId, status, amount?, currency?}}: a settlement attempt is committed; status is the
   * transaction's new status (COMPLETED, BILLING_FAILED or FAILED).
   */
  public static final String TRANSACTION_SETTLED = PREFIX + "transaction.settled";

  /** {@code {chargePointId, nodeId, at}}: a charge point's WebSocket was accepted on a node. */
  public static final String CHARGER_CONNECTED = PREFIX + "charger.connected";

  /** {@code {chargePointId, nodeId, at}}: a charge point's WebSocket closed on a node. */
  public static final String CHARGER_DISCONNECTED = PREFIX + "charger.disconnected";

  /** {@code {userId}}: a wallet top-up is committed; retry that user's failed billings now. */
  public static final String WALLET_TOPPED_UP = PREFIX + "wallet.topped-up";

  private EventAddresses() {
  }
}
