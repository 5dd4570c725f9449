package io.csms.bus;

/** Addresses served by {@code billing-verticle}. */
public final class BillingAddresses {
  private static final String PREFIX = "csms.billing.v1.";

  /**
   * Settle one stopped transaction now (also done on {@link EventAddresses#TRANSACTION_STOPPED} and by
   * the retry scan). Request {@code {transactionId}}. Reply {@code {transactionId, outcome, status,
   * amount, currency, attempts, nextAttemptAt, error?}}: outcome is COMPLETED, BILLING_FAILED, FAILED or
   * ALREADY_SETTLED (see {@link PersistenceAddresses#BILLING_SETTLE}); status is the transaction's
   * status after the attempt. Failures: {@link BusFailure#NOT_FOUND}; {@link BusFailure#CONFLICT} the
   * transaction is not stopped yet; {@link BusFailure#INVALID} no transactionId.
   */
  public static final String SETTLE = PREFIX + "settle";

  /**
   * Run one retry scan now (what the periodic scan does): claim due unsettled transactions and settle
   * them until none is left. Request {@code {}}. Reply {@code {claimed: int, completed: int,
   * failed: int}} (failed counts BILLING_FAILED and FAILED outcomes).
   */
  public static final String SCAN = PREFIX + "scan";

  private BillingAddresses() {
  }
}
