package io.csms.simulator;

/**
 * How every simulated charge point of one run behaves. Durations in milliseconds.
 *
 * @param url                 CSMS WebSocket base URL; the charge point id is appended as the last path segment
 * @param connectors          connectors per charge point (1..n)
 * @param meterIntervalMillis time between MeterValues during a session; 0 sends the next one as soon as the
 *                            previous is answered (saturation)
 * @param heartbeatMillis     heartbeat interval; 0 uses the interval BootNotification returns
 * @param sessionMillis       how long a session charges before the driver stops it
 * @param pauseMillis         idle time between two sessions on one connector
 * @param offlineMillis       how long the reconnect scenario stays offline
 * @param callTimeoutMillis   how long to wait for the answer to a CALL
 * @param idTag               the RFID tag presented for local sessions; {@value #NUMBER} in it stands for the
 *                            charge point's 5-digit number (one driver per charge point)
 * @param scenario            the scenario (MIX picks one per charge point)
 * @param firstSessionSpreadMillis first sessions start at a random moment within this time after boot (0: within
 *                            the pause), so a fleet does not charge in lockstep
 * @param transactionRetryMillis TransactionMessageRetryInterval: the wait before the first retry of a transaction
 *                            message the CSMS failed to process (the n-th retry waits n times this); OCPP's
 *                            usual default is 30 s
 */
public record ChargePointSettings(String url, int connectors, long meterIntervalMillis, long heartbeatMillis,
                                  long sessionMillis, long pauseMillis, long offlineMillis,
                                  long callTimeoutMillis, String idTag, Scenario scenario,
                                  long firstSessionSpreadMillis, long transactionRetryMillis) {
  /** The usual TransactionMessageRetryInterval of chargers in the field. */
  public static final long DEFAULT_TRANSACTION_RETRY_MILLIS = 30_000;

  /** Placeholder in {@code idTag} for the charge point's number. */
  public static final String NUMBER = "{n}";

  public ChargePointSettings {
    if (connectors < 1) {
      throw new IllegalArgumentException("connectors must be >= 1");
    }
    if (idTag == null || idTag.isEmpty() || idTagOf(idTag, 99_999).length() > 20) {
      throw new IllegalArgumentException("idTag must have 1 to 20 characters (OCPP IdToken)");
    }
    if (transactionRetryMillis < 1) {
      throw new IllegalArgumentException("transactionRetryMillis must be >= 1");
    }
  }

  /** The tag charge point number {@code number} presents. */
  public String idTagFor(int number) {
    return idTagOf(idTag, number);
  }

  private static String idTagOf(String pattern, int number) {
    return pattern.replace(NUMBER, String.format("%05d", number));
  }
}
