package io.csms.persistence.billing;

import io.csms.persistence.BusFormat;
import io.csms.persistence.BusRequest;
import io.csms.persistence.PipelinedTransaction;
import io.csms.persistence.RequestRefused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The SQL side of settling stopped charging transactions: the quote billing prices from, the settle
 * transaction itself, failure bookkeeping and the claims of the retry scan. The row lock taken by
 * {@link #settle} and {@link #recordFailure} plus the unique CHARGE_DEDUCT index make every settlement
 * happen once, whoever asks and however often.
 */
final class SettlementStore {
  static final String STOPPED = "STOPPED";
  static final String COMPLETED = "COMPLETED";
  static final String FAILED = "FAILED";
  static final String BILLING_FAILED = "BILLING_FAILED";
  static final String ALREADY_SETTLED = "ALREADY_SETTLED";
  static final String STALE = "STALE";

  private final Pool pool;

  SettlementStore(Pool pool) {
    this.pool = pool;
  }

  /** The row of a charging transaction, locked FOR UPDATE. */
  private record Locked(long id, String status, Long userId, BigDecimal energyWh, BigDecimal billedEnergyWh,
      BigDecimal amount, String currency, Long tariffId, int attempts, OffsetDateTime nextAttemptAt) {

    /**
     * Nothing to do: FAILED (unbillable), or COMPLETED for its current energy. A COMPLETED row that billing
     * never priced counts as settled.
     */
    boolean settled() {
      return FAILED.equals(status) || COMPLETED.equals(status)
          && (billedEnergyWh == null || energyWh != null && billedEnergyWh.compareTo(energyWh) == 0);
    }

    boolean stopped() {
      return !"RUNNING".equals(status) && !"PENDING_RECONCILIATION".equals(status);
    }

    JsonObject reply(String outcome) {
      return new JsonObject().put("transactionId", id).put("outcome", outcome).put("status", status)
          .put("amount", BusFormat.decimal(amount)).put("currency", currency)
          .put("attempts", attempts)
          .put("nextAttemptAt", BusFormat.instant(nextAttemptAt));
    }
  }

  // ---- quote ---------------------------------------------------------------------------------------

  // One statement, one snapshot: the transaction, the tariffs its charger and station name, and the default.
  // The tariffs come as JSON with their amounts as text, so that no digit is lost on the way.
  private static final String QUOTE = """
      SELECT t.id, t.status, t.user_id, t.energy_wh::text, t.billed_energy_wh::text, t.amount::text, t.currency,
             t.tariff_id, c.tariff_id, s.tariff_id,
             (SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'pricePerKwh', f.price_per_kwh::text,
                                                'sessionFee', f.session_fee::text, 'currency', f.currency,
                                                'active', f.active, 'isDefault', f.is_default))
                FROM tariffs f
               WHERE f.id IN (t.tariff_id, c.tariff_id, s.tariff_id) OR (f.is_default AND f.active))
        FROM charging_transactions t
        JOIN chargers c ON c.id = t.charger_id
        LEFT JOIN stations s ON s.id = c.station_id
       WHERE t.id = $1""";

  Future<JsonObject> quote(BusRequest request) {
    long transactionId = request.wholeNumber("transactionId");
    return pool.preparedQuery(QUOTE).execute(Tuple.of(transactionId)).map(rows -> {
      if (rows.size() == 0) {
        throw RequestRefused.missing("transaction", transactionId);
      }
      Row row = rows.iterator().next();
      Long applied = row.getLong(7);
      Long charger = row.getLong(8);
      Long station = row.getLong(9);
      Map<Long, JsonObject> byId = new HashMap<>();
      JsonObject fallback = null;
      JsonArray tariffs = row.getJsonArray(10);
      for (int i = 0; tariffs != null && i < tariffs.size(); i++) {
        JsonObject tariff = tariffs.getJsonObject(i);
        byId.put(tariff.getLong("id"), tariff);
        if (tariff.getBoolean("active") && tariff.getBoolean("isDefault")) {
          fallback = tariff;
        }
      }
      return new JsonObject()
          .put("transactionId", row.getLong(0))
          .put("status", row.getString(1))
          .put("userId", row.getLong(2))
          .put("energyWh", row.getString(3))
          .put("billedEnergyWh", row.getString(4))
          .put("amount", row.getString(5))
          .put("currency", row.getString(6))
          .put("appliedTariff", applied == null ? null : tariff(byId.get(applied), false))
          .put("chargerTariff", charger == null ? null : tariff(byId.get(charger), true))
          .put("stationTariff", station == null ? null : tariff(byId.get(station), true))
          .put("defaultTariff", tariff(fallback, true));
    });
  }

  /** A tariff as QUOTE's JSON gives it, in the quote's shape; null when missing or (activeOnly) inactive. */
  private static JsonObject tariff(JsonObject found, boolean activeOnly) {
    if (found == null || activeOnly && !found.getBoolean("active")) {
      return null;
    }
    return new JsonObject().put("tariffId", found.getLong("id")).put("name", found.getString("name"))
        .put("pricePerKwh", found.getString("pricePerKwh")).put("sessionFee", found.getString("sessionFee"))
        .put("currency", found.getString("currency"));
  }

  // ---- settle --------------------------------------------------------------------------------------

  Future<JsonObject> settle(BusRequest request) {
    long transactionId = request.wholeNumber("transactionId");
    BigDecimal energyWh = request.nonNegativeDecimal("energyWh");
    BigDecimal amount = request.money("amount");
    if (amount.signum() < 0) {
      throw RequestRefused.invalid("amount must not be negative");
    }
    String currency = request.text("currency");
    Long tariffId = request.optionalWholeNumber("tariffId");
    String quotedStatus = request.optionalText("status", 30);
    RetryPolicy retry = RetryPolicy.of(request);
    return whenUnsettled(transactionId, (conn, row) -> {
      boolean firstSettlement = row.billedEnergyWh() == null;
      if (quotedStatus != null && !quotedStatus.equals(row.status())
          || row.energyWh() == null || row.energyWh().compareTo(energyWh) != 0
          || !firstSettlement && row.tariffId() != null && !row.tariffId().equals(tariffId)) {
        return Future.succeededFuture(row.reply(STALE));
      }
      // What the wallet owes: the whole amount at first, then the difference to what was charged already.
      BigDecimal owed = firstSettlement ? amount : amount.subtract(Objects.requireNonNullElse(row.amount(), BigDecimal.ZERO));
      if (owed.signum() == 0) {
        return complete(conn, row, amount, currency, tariffId);
      }
      if (row.userId() == null) {
        return markFailed(conn, row, "the session has no user to charge (unknown idTag)", true, retry);
      }
      Future<WalletLedger.Wallet> wallet = owed.signum() > 0
          ? WalletLedger.lock(conn, row.userId()) : WalletLedger.lockOrCreate(conn, row.userId());
      return wallet.compose(locked -> {
        if (locked != null && !locked.currency().equals(currency)) {
          return markFailed(conn, row, "the tariff's currency " + currency + " differs from the wallet's "
              + locked.currency(), false, retry);
        }
        BigDecimal balance = locked == null ? BigDecimal.ZERO : locked.balance();
        if (balance.compareTo(owed) < 0) {
          return markFailed(conn, row, "insufficient balance: the wallet has " + balance.toPlainString() + " "
              + currency + ", the session owes " + owed.toPlainString(), false, retry);
        }
        String entryType = firstSettlement ? WalletLedger.CHARGE_DEDUCT
            : owed.signum() > 0 ? WalletLedger.ADJUSTMENT : WalletLedger.REFUND;
        String description = firstSettlement
            ? "Charging session " + row.id() + ": " + energyWh.toPlainString() + " Wh"
            : "Charging session " + row.id() + " corrected from " + row.billedEnergyWh().toPlainString()
                + " Wh to " + energyWh.toPlainString() + " Wh";
        // Both sent at once (the connection pipelines them; complete does not need the entry): one round trip.
        // Should the entry fail, so does the update behind it, and the entry's failure is the one reported.
        Future<WalletLedger.Entry> posted = WalletLedger.post(conn, locked, entryType, owed.negate(), row.id(),
            description, null);
        Future<JsonObject> completed = complete(conn, row, amount, currency, tariffId);
        return posted.compose(entry -> completed.map(reply -> reply.put("ledgerEntryId", entry.id())
            .put("walletBalance", entry.balanceAfter().toPlainString())));
      });
    });
  }

  private static Future<JsonObject> complete(SqlConnection conn, Locked row, BigDecimal amount, String currency,
      Long tariffId) {
    return conn.preparedQuery("""
            UPDATE charging_transactions
            SET status = 'COMPLETED', amount = $2, currency = $3, tariff_id = $4, billed_energy_wh = energy_wh,
                billed_at = now(), billing_next_attempt_at = NULL, billing_claimed_until = NULL,
                billing_failing_since = NULL, billing_last_error = NULL, updated_at = now()
            WHERE id = $1""")
        .execute(Tuple.of(row.id(), amount, currency, tariffId))
        .map(updated -> new Locked(row.id(), COMPLETED, row.userId(), row.energyWh(), row.energyWh(), amount,
            currency, tariffId, row.attempts(), null).reply(COMPLETED));
  }

  // ---- failures ------------------------------------------------------------------------------------

  Future<JsonObject> recordFailure(BusRequest request) {
    long transactionId = request.wholeNumber("transactionId");
    String error = request.text("error");
    boolean permanent = Boolean.TRUE.equals(request.optionalBool("permanent"));
    RetryPolicy retry = RetryPolicy.of(request);
    return whenUnsettled(transactionId, (conn, row) -> markFailed(conn, row, error, permanent, retry));
  }

  /**
   * BILLING_FAILED with the next attempt after the backoff (none once failing for longer than giveUpHours),
   * or FAILED when retrying cannot help. Either way the claim is released.
   */
  private static Future<JsonObject> markFailed(SqlConnection conn, Locked row, String error, boolean permanent,
      RetryPolicy retry) {
    String status = permanent ? FAILED : BILLING_FAILED;
    return conn.preparedQuery("""
            UPDATE charging_transactions
            SET status = $2, billing_attempts = billing_attempts + 1,
                billing_failing_since = COALESCE(billing_failing_since, now()),
                billing_next_attempt_at = CASE
                    WHEN $2 = 'FAILED' THEN NULL
                    WHEN COALESCE(billing_failing_since, now()) <= now() - $4::int * interval '1 hour' THEN NULL
                    ELSE now() + $3::bigint * interval '1 second' END,
                billing_last_error = $5, billing_claimed_until = NULL, updated_at = now()
            WHERE id = $1
            RETURNING billing_attempts, billing_next_attempt_at""")
        .execute(Tuple.of(row.id(), status, retry.delaySecondsAfter(row.attempts() + 1), retry.giveUpHours(), error))
        .map(rows -> {
          Row updated = rows.iterator().next();
          return new Locked(row.id(), status, row.userId(), row.energyWh(), row.billedEnergyWh(), row.amount(),
              row.currency(), row.tariffId(), updated.getInteger(0), updated.getOffsetDateTime(1))
              .reply(status).put("error", error);
        });
  }

  // ---- claims --------------------------------------------------------------------------------------

  Future<JsonObject> claim(BusRequest request) {
    int limit = request.optionalInteger("limit", 50, 1, 500);
    int leaseSeconds = request.optionalInteger("leaseSeconds", 120, 1, 86_400);
    Long userId = request.optionalWholeNumber("userId");
    String due = userId == null
        ? """
          (status = 'STOPPED'
           OR (status = 'BILLING_FAILED' AND billing_next_attempt_at <= now())
           OR (status = 'COMPLETED' AND billed_energy_wh <> energy_wh))"""
        : "status IN ('STOPPED', 'BILLING_FAILED') AND user_id = $3";
    String sql = """
        UPDATE charging_transactions SET billing_claimed_until = now() + $2::int * interval '1 second'
        WHERE id IN (
          SELECT id FROM charging_transactions
          WHERE %s AND (billing_claimed_until IS NULL OR billing_claimed_until < now())
          ORDER BY id LIMIT $1
          FOR UPDATE SKIP LOCKED)
        RETURNING id""".formatted(due);
    Tuple params = userId == null ? Tuple.of(limit, leaseSeconds) : Tuple.of(limit, leaseSeconds, userId);
    return pool.preparedQuery(sql).execute(params).map(rows -> {
      List<Long> ids = new ArrayList<>();
      rows.forEach(row -> ids.add(row.getLong(0)));
      ids.sort(null);
      return new JsonObject().put("transactionIds", new JsonArray(ids));
    });
  }

  Future<JsonObject> release(BusRequest request) {
    Long[] ids = request.ids("transactionIds");
    return pool.preparedQuery("""
            UPDATE charging_transactions SET billing_claimed_until = NULL
            WHERE id = ANY($1) AND billing_claimed_until IS NOT NULL""")
        .execute(Tuple.of(ids))
        .map(rows -> new JsonObject().put("released", rows.rowCount()));
  }

  // ---- shared --------------------------------------------------------------------------------------

  /**
   * In one database transaction: locks the row, refuses one that is not stopped (CONFLICT), answers
   * ALREADY_SETTLED for one that needs nothing, and otherwise lets {@code work} change it under the lock.
   */
  private Future<JsonObject> whenUnsettled(long transactionId, BiFunction<SqlConnection, Locked, Future<JsonObject>> work) {
    return PipelinedTransaction.run(pool, conn -> lockTransaction(conn, transactionId).compose(row -> {
      if (!row.stopped()) {
        return Future.failedFuture(RequestRefused.conflict(
            "transaction " + row.id() + " is " + row.status() + ", not stopped"));
      }
      if (row.settled()) {
        return Future.succeededFuture(row.reply(ALREADY_SETTLED));
      }
      return work.apply(conn, row);
    }));
  }

  private static Future<Locked> lockTransaction(SqlConnection conn, long transactionId) {
    return conn.preparedQuery("""
            SELECT id, status, user_id, energy_wh::text, billed_energy_wh::text, amount::text, currency, tariff_id,
                   billing_attempts, billing_next_attempt_at
            FROM charging_transactions WHERE id = $1 FOR UPDATE""")
        .execute(Tuple.of(transactionId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(RequestRefused.missing("transaction", transactionId));
          }
          Row r = rows.iterator().next();
          return Future.succeededFuture(new Locked(r.getLong(0), r.getString(1), r.getLong(2), decimal(r.getString(3)),
              decimal(r.getString(4)), decimal(r.getString(5)), r.getString(6), r.getLong(7), r.getInteger(8),
              r.getOffsetDateTime(9)));
        });
  }

  private static BigDecimal decimal(String text) {
    return text == null ? null : new BigDecimal(text);
  }
}
