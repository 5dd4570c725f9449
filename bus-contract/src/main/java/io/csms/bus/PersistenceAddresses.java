package io.csms.bus;

/**
 * Addresses served by {@code persistence-verticle}, the only component that speaks SQL. Each constant
 * documents its request and reply. Every write is committed before the reply is sent, so a verticle that
 * has the reply may acknowledge what it reported (OCPP: the CALLRESULT goes out after the commit).
 */
public final class PersistenceAddresses {
  private static final String PREFIX = "csms.persistence.v1.";

  // ---- charge points -----------------------------------------------------------------------------

  /**
   * Is this charge point registered? Used at the WebSocket upgrade.
   * Request {@code {chargePointId}}. Reply {@code {chargerId, chargePointId, stationId|null}};
   * {@link BusFailure#NOT_FOUND} when the charge point is not registered.
   */
  public static final String CHARGER_LOOKUP = PREFIX + "charger.lookup";

  /**
   * A BootNotification: store the identity and mark the charger's RUNNING transactions
   * PENDING_RECONCILIATION (a reboot must never fail them).
   * Request {@code {chargePointId, chargePointVendor, chargePointModel, chargePointSerialNumber?,
   * chargeBoxSerialNumber?, firmwareVersion?, iccid?, imsi?, meterType?, meterSerialNumber?, receivedAt}}.
   * Reply {@code {pendingReconciliation: int}}, the number of transactions marked; their
   * {@code reconciliation_since} is {@code receivedAt}. {@link BusFailure#NOT_FOUND} for an unregistered
   * charge point (nothing written).
   */
  public static final String CHARGER_BOOT = PREFIX + "charger.boot";

  /**
   * Request {@code {chargePointId, receivedAt}}. Reply {@code {}}. Updates last heartbeat and last seen.
   * {@link BusFailure#NOT_FOUND} for an unregistered charge point.
   */
  public static final String CHARGER_HEARTBEAT = PREFIX + "charger.heartbeat";

  /**
   * The WebSocket of a charge point opened or closed on a node.
   * Request {@code {chargePointId, connected: boolean, nodeId, at}}. Reply {@code {}}.
   * Connected: ONLINE on {@code nodeId}. Closed: OFFLINE only if {@code nodeId} still holds the charger, so
   * the late close of a socket another node has since taken over changes nothing (still {@code {}}).
   * {@link BusFailure#NOT_FOUND} when an unregistered charge point connects.
   */
  public static final String CHARGER_CONNECTION = PREFIX + "charger.connection";

  /**
   * A StatusNotification. Connector 0 is the charger itself. A connector reported Available closes the
   * connector's PENDING_RECONCILIATION transactions with their last known meter value.
   * Request {@code {chargePointId, connectorId, status, errorCode, info?, timestamp?, vendorId?,
   * vendorErrorCode?, receivedAt}}. Reply {@code {reconciledTransactionIds: [long]}}.
   * The status is dated {@code timestamp}, else {@code receivedAt}; a status older than the one stored for
   * that connector (a late delivery) does not overwrite it. Available closes only transactions started at or
   * before that date, and {@link EventAddresses#TRANSACTION_STOPPED} is published for each after the commit.
   * {@link BusFailure#NOT_FOUND} for an unregistered charge point.
   */
  public static final String CONNECTOR_STATUS = PREFIX + "connector.status";

  // ---- authorisation -----------------------------------------------------------------------------

  /**
   * Look an idTag up as a user's RFID card.
   * Request {@code {idTag}}. Reply {@code {known: boolean, userId?, active?, expiryDate?, parentIdTag?,
   * runningTransactions?: int, walletBalance?: decimal string}}. Unknown tags are {@code known=false},
   * not a failure. idTags match without regard to case (OCPP CiString). {@code expiryDate} is null when the
   * card does not expire; {@code runningTransactions} counts the user's RUNNING and PENDING_RECONCILIATION
   * sessions; {@code walletBalance} is {@code "0.00"} for a user without a wallet.
   */
  public static final String IDTAG_LOOKUP = PREFIX + "idtag.lookup";

  // ---- transactions and meter values ----------------------------------------------------------------

  /**
   * A StartTransaction. The transaction id is the database id. An identical retry (same charger,
   * connector, idTag, meterStart and timestamp) returns the first one's id, enforced by a unique constraint.
   * Request {@code {chargePointId, connectorId, idTag, meterStart: int Wh, timestamp, reservationId?,
   * idTagStatus}}. Reply {@code {transactionId: long, duplicate: boolean}}.
   * The session is linked to the user whose card {@code idTag} is (none when unknown). An older session
   * still RUNNING on the same connector becomes PENDING_RECONCILIATION (the charger has evidently finished
   * it; its StopTransaction may still come). {@link BusFailure#NOT_FOUND} for an unregistered charge point.
   */
  public static final String TRANSACTION_START = PREFIX + "transaction.start";

  /**
   * A StopTransaction, with its transactionData meter values, in one database transaction.
   * Request {@code {chargePointId, transactionId, idTag?, meterStop: int Wh, timestamp, reason?,
   * transactionData?: [OCPP MeterValue]}}.
   * Reply {@code {outcome, energyWh?: decimal string}} where outcome is STOPPED (a running or
   * PENDING_RECONCILIATION transaction stopped), LATE_STOP (already closed by reconciliation; the
   * charger's real values replace the estimate), ALREADY_STOPPED (a retried stop; nothing changed) or
   * UNKNOWN_TRANSACTION (no such transaction on this charger; logged, nothing stored).
   * After a STOPPED or LATE_STOP commit, {@link EventAddresses#TRANSACTION_STOPPED} is published.
   * {@code energyWh} (meterStop - meterStart, never below 0) is absent only for UNKNOWN_TRANSACTION. A
   * LATE_STOP leaves the status as it is (STOPPED stays STOPPED, a COMPLETED session stays COMPLETED and
   * billing settles the difference) and makes a later retry ALREADY_STOPPED.
   */
  public static final String TRANSACTION_STOP = PREFIX + "transaction.stop";

  /**
   * A MeterValues request: every sampled value is kept (measurand, phase, unit, context, location).
   * Request {@code {chargePointId, connectorId, transactionId?, meterValue: [OCPP MeterValue]}}.
   * Reply {@code {stored: int}}. Stored entirely or not at all; one malformed MeterValue refuses the request
   * ({@link BusFailure#INVALID}). A {@code transactionId} that is not this charger's is not linked (the samples
   * are kept). Energy is normalised to Wh and power to W, other units kept (docs/metering.md); the newest
   * whole-meter Energy.Active.Import.Register sample moves the transaction's last meter value forward.
   * {@link BusFailure#NOT_FOUND} for an unregistered charge point.
   */
  public static final String METER_VALUES = PREFIX + "meter-values.record";

  // ---- audit ---------------------------------------------------------------------------------------

  /**
   * One OCPP frame, in or out, for the audit log. Sent without waiting for a reply; the store batches.
   * Request {@code {chargePointId, direction: "IN"|"OUT", messageType: 2|3|4, action?, messageId,
   * payload: JSON, at}}. A sender that asks for a reply gets {@code {}} once the frame is buffered (not
   * written), or {@link BusFailure#INVALID} for a malformed frame, which is dropped.
   */
  public static final String AUDIT_APPEND = PREFIX + "audit.append";

  private PersistenceAddresses() {
  }
}
