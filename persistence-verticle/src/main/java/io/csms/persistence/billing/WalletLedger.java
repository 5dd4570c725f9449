package io.csms.persistence.billing;

import io.csms.persistence.BusRequest;
import io.csms.persistence.RequestRefused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;

/**
 * Wallets and their ledger. Every movement of money goes through {@link #post}, under the wallet's row
 * lock, which moves the balance and writes the entry with the balance after it in one statement: a
 * wallet's balance therefore always equals the sum of its ledger, and balance_after forms a chain.
 */
final class WalletLedger {
  static final String TOP_UP = "TOP_UP";
  static final String CHARGE_DEDUCT = "CHARGE_DEDUCT";
  static final String REFUND = "REFUND";
  static final String ADJUSTMENT = "ADJUSTMENT";

  private static final String FOREIGN_KEY_VIOLATION = "23503";

  /** A wallet locked FOR UPDATE by the current database transaction. */
  record Wallet(long id, BigDecimal balance, String currency) {
  }

  /** An entry as written: its id and the wallet's balance after it. */
  record Entry(long id, BigDecimal balanceAfter) {
    JsonObject toReply(boolean duplicate) {
      return new JsonObject().put("walletBalance", balanceAfter.toPlainString()).put("ledgerEntryId", id)
          .put("duplicate", duplicate);
    }
  }

  private final Pool pool;

  WalletLedger(Pool pool) {
    this.pool = pool;
  }

  /** Locks the user's wallet; null when the user has none. */
  static Future<Wallet> lock(SqlConnection conn, long userId) {
    return conn.preparedQuery("SELECT id, balance::text, currency FROM wallets WHERE user_id = $1 FOR UPDATE")
        .execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? null : wallet(rows.iterator().next()));
  }

  /** Locks the user's wallet, creating an empty one first when missing; NOT_FOUND when no such user. */
  static Future<Wallet> lockOrCreate(SqlConnection conn, long userId) {
    return conn.preparedQuery("INSERT INTO wallets (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING")
        .execute(Tuple.of(userId))
        .recover(failure -> Future.failedFuture(isForeignKeyViolation(failure)
            ? RequestRefused.notFound("no user " + userId) : failure))
        .compose(inserted -> lock(conn, userId));
  }

  /**
   * Moves the locked wallet's balance by {@code signedAmount} and writes the ledger entry carrying the
   * new balance. The caller has checked that a debit is covered (the CHECK balance >= 0 backs it).
   */
  static Future<Entry> post(SqlConnection conn, Wallet wallet, String entryType, BigDecimal signedAmount,
      Long transactionId, String description, String idempotencyKey) {
    return conn.preparedQuery("""
            WITH moved AS (
              UPDATE wallets SET balance = balance + $2, updated_at = now() WHERE id = $1 RETURNING id, balance)
            INSERT INTO wallet_ledger (wallet_id, entry_type, amount, balance_after, charging_transaction_id,
                                       description, idempotency_key)
            SELECT moved.id, $3, $2, moved.balance, $4, $5, $6 FROM moved
            RETURNING id, balance_after::text""")
        .execute(Tuple.of(wallet.id(), signedAmount, entryType, transactionId, description, idempotencyKey))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Entry(row.getLong(0), new BigDecimal(row.getString(1)));
        });
  }

  /** {@code WALLET_TOP_UP}. */
  Future<JsonObject> topUp(BusRequest request) {
    long userId = request.wholeNumber("userId");
    BigDecimal amount = RequestFields.money(request, "amount");
    if (amount.signum() <= 0) {
      throw RequestRefused.invalid("amount must be greater than 0");
    }
    String description = RequestFields.boundedText(request, "description", 500);
    String key = RequestFields.boundedText(request, "idempotencyKey", 200);
    return apply(userId, TOP_UP, amount, null, description == null ? "Wallet top-up" : description, key);
  }

  /** {@code WALLET_ADJUST}. */
  Future<JsonObject> adjust(BusRequest request) {
    long userId = request.wholeNumber("userId");
    String entryType = request.text("entryType");
    BigDecimal amount = RequestFields.money(request, "amount");
    if (REFUND.equals(entryType) ? amount.signum() <= 0 : !ADJUSTMENT.equals(entryType) || amount.signum() == 0) {
      throw RequestRefused.invalid(
          "entryType must be REFUND with an amount > 0 or ADJUSTMENT with an amount other than 0");
    }
    String description = request.text("description");
    Long transactionId = request.optionalWholeNumber("transactionId");
    String key = RequestFields.boundedText(request, "idempotencyKey", 200);
    return apply(userId, entryType, amount, transactionId, description, key);
  }

  private Future<JsonObject> apply(long userId, String entryType, BigDecimal amount, Long transactionId,
      String description, String key) {
    return pool.withTransaction(conn -> checkTransactionOwner(conn, userId, transactionId)
        .compose(v -> lockOrCreate(conn, userId))
        .compose(wallet -> findByKey(conn, wallet, key).compose(previous -> {
          if (previous != null) {
            return sameRequest(previous, entryType, amount)
                ? Future.succeededFuture(new Entry(previous.getLong("id"), wallet.balance()).toReply(true))
                : Future.failedFuture(RequestRefused.conflict(
                    "idempotencyKey " + key + " was already used for a different request"));
          }
          if (wallet.balance().add(amount).signum() < 0) {
            return Future.failedFuture(RequestRefused.conflict("the wallet balance "
                + wallet.balance().toPlainString() + " does not cover " + amount.negate().toPlainString()));
          }
          return post(conn, wallet, entryType, amount, transactionId, description, key)
              .map(entry -> entry.toReply(false));
        })));
  }

  private static Future<Void> checkTransactionOwner(SqlConnection conn, long userId, Long transactionId) {
    if (transactionId == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("SELECT user_id FROM charging_transactions WHERE id = $1")
        .execute(Tuple.of(transactionId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(RequestRefused.notFound("no transaction " + transactionId));
          }
          Long owner = rows.iterator().next().getLong(0);
          return owner != null && owner == userId ? Future.succeededFuture()
              : Future.failedFuture(RequestRefused.invalid("transaction " + transactionId + " is not user " + userId + "'s"));
        });
  }

  private static Future<JsonObject> findByKey(SqlConnection conn, Wallet wallet, String key) {
    if (key == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(
            "SELECT id, entry_type, amount::text FROM wallet_ledger WHERE wallet_id = $1 AND idempotency_key = $2")
        .execute(Tuple.of(wallet.id(), key))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          return new JsonObject().put("id", row.getLong(0)).put("entryType", row.getString(1))
              .put("amount", row.getString(2));
        });
  }

  private static boolean sameRequest(JsonObject previous, String entryType, BigDecimal amount) {
    return previous.getString("entryType").equals(entryType)
        && new BigDecimal(previous.getString("amount")).compareTo(amount) == 0;
  }

  private static Wallet wallet(Row row) {
    return new Wallet(row.getLong(0), new BigDecimal(row.getString(1)), row.getString(2));
  }

  private static boolean isForeignKeyViolation(Throwable failure) {
    return failure instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState());
  }
}
