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
   * {@link BusFailure#NOT_FOUND} for an unregistered charge point. After the commit,
   * {@link EventAddresses#CONNECTOR_STATUS_CHANGED} is published (also for a late status that changed nothing).
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
   * After the commit of a new (not duplicate) start, {@link EventAddresses#TRANSACTION_STARTED} is published.
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
   * payload: JSON, payloadText?: string, at}}. {@code payloadText} is the payload already written as JSON, as it
   * went over the wire (a compatible addition; send {@code payload} too, for a store of the previous release):
   * stored as it is, in place of {@code payload}. Give only valid JSON: a frame whose text is not is dropped.
   * A CALL may carry its answer as {@link #AUDIT_APPEND_EXCHANGES} describes; send such CALLs there.
   * A sender that asks for a reply gets {@code {}} once the frame is buffered (not written), or
   * {@link BusFailure#INVALID} for a malformed frame, which is dropped.
   */
  public static final String AUDIT_APPEND = PREFIX + "audit.append";

  /**
   * Several frames for the audit log in one message, oldest first: request {@code {frames: [AUDIT_APPEND
   * body, ...]}}, sent without waiting for a reply. Each frame is taken as if sent alone to
   * {@link #AUDIT_APPEND}; a malformed one is dropped alone (one message per batch rather than two per CALL).
   */
  public static final String AUDIT_APPEND_BATCH = PREFIX + "audit.append-batch";

  /**
   * Like {@link #AUDIT_APPEND_BATCH}, and a CALL may carry its answer: {@code answer: {messageType: 3|4,
   * payload: JSON, payloadText?: string, at}} (the answer travels in the direction opposite to its CALL's).
   * Such a CALL is stored with its answer as one row, an exchange; an answer stamped before its CALL or more than
   * a minute after it is stored as a frame of its own. An address of its own because a store of the previous
   * release would take such a CALL and lose its answer: during a rolling upgrade these batches go only to the
   * stores that know the shape. The OCPP verticle sends its frames this way.
   */
  public static final String AUDIT_APPEND_EXCHANGES = PREFIX + "audit.append-exchanges";

  // ---- billing: settlement of stopped transactions and the wallet ledger --------------------------
  // Served by io.csms.persistence.billing. Shapes shared by several addresses below:
  //   Tariff       {tariffId: long, name, pricePerKwh: decimal string, sessionFee: decimal string, currency}
  //   RetryPolicy  {baseSeconds: int, capSeconds: int, giveUpHours: int}; absent keys: 60, 3600, 24.
  //   LedgerReply  {walletBalance: decimal string, ledgerEntryId: long, duplicate: boolean}
  // A transaction is "settled" when the energy it was billed for (billed_energy_wh) equals its energy_wh;
  // a LATE_STOP that changes energy_wh of a COMPLETED transaction makes it unsettled again.

  /**
   * Everything billing needs to price a stopped transaction (read only).
   * Request {@code {transactionId: long}}.
   * Reply {@code {transactionId, status, userId: long|null, energyWh: decimal string|null,
   * billedEnergyWh: decimal string|null, amount: decimal string|null, currency|null,
   * appliedTariff: Tariff|null, chargerTariff: Tariff|null, stationTariff: Tariff|null,
   * defaultTariff: Tariff|null}}. {@code appliedTariff} is the tariff an earlier settlement used (a
   * later adjustment must use the same one); the three candidates are active tariffs only.
   * {@link BusFailure#NOT_FOUND} when there is no such transaction.
   */
  public static final String BILLING_QUOTE = PREFIX + "billing.quote";

  /**
   * Settle a transaction in ONE database transaction: lock its row; when it is already settled for its
   * current energy, change nothing; otherwise lock the user's wallet and either debit it (first
   * settlement: CHARGE_DEDUCT; later energy change: ADJUSTMENT debit or REFUND credit of the difference,
   * every entry with its balance_after) and mark the transaction COMPLETED with amount, currency,
   * tariffId and billedAt, or, when the balance is too low (or the wallet's currency differs), mark it
   * BILLING_FAILED with attempts + 1, the next attempt per {@code retry} (none once the transaction has
   * been failing for longer than giveUpHours) and the error. An amount of 0 completes without touching
   * any wallet and writes no ledger entry.
   * Request {@code {transactionId: long, energyWh: decimal string (the energy priced, from the quote),
   * amount: decimal string >= 0 with at most 2 decimals (the new session total), currency,
   * tariffId: long|null, status?: the status the quote showed, retry?: RetryPolicy}}.
   * Reply {@code {transactionId, outcome, status, amount: decimal string|null, currency|null, attempts: int,
   * nextAttemptAt: instant|null, error?: string, ledgerEntryId?: long, walletBalance?: decimal string}}
   * where outcome is COMPLETED (settled now), BILLING_FAILED (failed now, see nextAttemptAt and error),
   * FAILED (marked unbillable now: no user to charge), ALREADY_SETTLED (nothing changed: status tells
   * whether it was COMPLETED or FAILED before) or STALE (status, energy or applied tariff changed since
   * the quote; nothing changed: quote again).
   * Failures: {@link BusFailure#NOT_FOUND}; {@link BusFailure#CONFLICT} the transaction is not stopped
   * yet; {@link BusFailure#INVALID} a malformed request.
   */
  public static final String BILLING_SETTLE = PREFIX + "billing.settle";

  /**
   * Record that a settlement attempt failed outside the settle transaction (no tariff, no user, a
   * timeout...). Does nothing to a transaction that is settled meanwhile.
   * Request {@code {transactionId: long, error: string, permanent: boolean, retry?: RetryPolicy}};
   * permanent marks it FAILED (never retried, e.g. no user to charge), else BILLING_FAILED with the same
   * bookkeeping as {@link #BILLING_SETTLE}.
   * Reply {@code {transactionId, outcome: BILLING_FAILED|FAILED|ALREADY_SETTLED, status, attempts: int,
   * nextAttemptAt: instant|null, error?}}. {@link BusFailure#NOT_FOUND} when there is no such transaction.
   */
  public static final String BILLING_RECORD_FAILURE = PREFIX + "billing.record-failure";

  /**
   * Claim unsettled transactions for one billing verticle for {@code leaseSeconds}: rows already claimed
   * by another (lease not expired) or locked right now are skipped ({@code FOR UPDATE SKIP LOCKED}), so
   * concurrent scanners on any node get disjoint sets. Without userId: STOPPED ones, BILLING_FAILED ones
   * whose next attempt is due, and COMPLETED ones whose energy changed since billing. With userId: that
   * user's STOPPED and BILLING_FAILED ones, due or not, given up or not (used after a top-up).
   * Request {@code {limit: int (1..500), leaseSeconds: int > 0, userId?: long}}.
   * Reply {@code {transactionIds: [long]}}.
   */
  public static final String BILLING_CLAIM = PREFIX + "billing.claim";

  /**
   * Give claims back early (a billing verticle stopping). Request {@code {transactionIds: [long]}}.
   * Reply {@code {released: int}}.
   */
  public static final String BILLING_RELEASE = PREFIX + "billing.release";

  /**
   * Credit a user's wallet, creating the wallet when missing. The same idempotencyKey for the same
   * wallet is applied once: a repeat answers the first entry with {@code duplicate: true} (a repeat
   * with a different amount is {@link BusFailure#CONFLICT}). After the commit
   * {@link EventAddresses#WALLET_TOPPED_UP} is published (for a duplicate too: it is only a hint).
   * Request {@code {userId: long, amount: decimal string > 0 with at most 2 decimals, description?,
   * idempotencyKey?}}. Reply LedgerReply.
   * Failures: {@link BusFailure#INVALID}; {@link BusFailure#NOT_FOUND} no such user.
   */
  public static final String WALLET_TOP_UP = PREFIX + "wallet.topup";

  /**
   * An operator's REFUND (credit, amount > 0) or ADJUSTMENT (signed amount, != 0) on a user's wallet,
   * optionally referring to a charging transaction. Idempotency as {@link #WALLET_TOP_UP}; a credit
   * publishes {@link EventAddresses#WALLET_TOPPED_UP}.
   * Request {@code {userId: long, entryType: "REFUND"|"ADJUSTMENT", amount: signed decimal string with
   * at most 2 decimals, description: string, transactionId?: long, idempotencyKey?}}. Reply LedgerReply.
   * Failures: {@link BusFailure#INVALID}; {@link BusFailure#NOT_FOUND} no such user or transaction;
   * {@link BusFailure#CONFLICT} a debit larger than the balance.
   */
  public static final String WALLET_ADJUST = PREFIX + "wallet.adjust";

  private PersistenceAddresses() {
  }
}
