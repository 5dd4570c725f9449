package io.csms.bus;

/** Addresses served by {@code billing-verticle}. */
public final class BillingAddresses {
  private static final String PREFIX = "csms.billing.v1.";

  /**
   * Settle one stopped transaction now (also done on {@link EventAddresses#TRANSACTION_STOPPED} and by
   * the retry scan). Request {@code {transactionId}}. Reply {@code {status, amount?, attempts?}}.
   */
  public static final String SETTLE = PREFIX + "settle";

  private BillingAddresses() {
  }
}
