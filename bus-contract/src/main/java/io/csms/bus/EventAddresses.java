package io.csms.bus;

/**
 * Published events (no reply). Any number of verticles, on any node, may listen. Publishers publish only
 * after the fact is committed, and listeners must tolerate duplicates and missed events: each event is a
 * hint to act now, while the state in the database stays the truth that periodic scans act on.
 */
public final class EventAddresses {
  private static final String PREFIX = "csms.events.v1.";

  /**
   * {@code {transactionId, chargePointId}}: a stop (or a reconciliation close) is committed; bill it.
   * Published by the persistence verticle after a StopTransaction (STOPPED or LATE_STOP), a connector
   * reported Available, or the reconciliation deadline scan. A transaction closed by reconciliation and then
   * stopped late by its charger is announced twice: the second time its stop values have changed (and it may
   * already be COMPLETED), so billing settles the difference.
   */
  public static final String TRANSACTION_STOPPED = PREFIX + "transaction.stopped";

  /**
   * {@code {transactionId, status, amount?, currency?}}: a settlement attempt is committed; status is the
   * transaction's new status (COMPLETED, BILLING_FAILED or FAILED). Published by billing-verticle once per
   * change (duplicates of a settlement that changed nothing are not published), with the fields of the
   * {@link BillingAddresses#SETTLE} reply besides: {@code outcome, attempts, nextAttemptAt, error?}.
   */
  public static final String TRANSACTION_SETTLED = PREFIX + "transaction.settled";

  /** {@code {chargePointId, nodeId, at}}: a charge point's WebSocket was accepted on a node. */
  public static final String CHARGER_CONNECTED = PREFIX + "charger.connected";

  /** {@code {chargePointId, nodeId, at}}: a charge point's WebSocket closed on a node. */
  public static final String CHARGER_DISCONNECTED = PREFIX + "charger.disconnected";

  /**
   * {@code {userId: long}}: a credit to the user's wallet (top-up, refund, positive adjustment) is
   * committed; retry that user's failed billings now.
   */
  public static final String WALLET_TOPPED_UP = PREFIX + "wallet.topped-up";

  /**
   * {@code {transactionId, chargePointId, connectorId, idTag, reservationId: int|null}}: a new
   * StartTransaction is committed (a retried duplicate is not announced). Published by the persistence
   * verticle; reservations are consumed and station power limits rebalanced on it.
   */
  public static final String TRANSACTION_STARTED = PREFIX + "transaction.started";

  /**
   * {@code {chargePointId, connectorId, status, errorCode, at}}: a StatusNotification is committed (connector
   * 0 is the charger itself). Published by the persistence verticle; a connector reported Faulted or
   * Unavailable has its reservation cancelled on it.
   */
  public static final String CONNECTOR_STATUS_CHANGED = PREFIX + "connector.status-changed";

  private EventAddresses() {
  }
}
