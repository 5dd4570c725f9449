package io.csms.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The money invariants a test checks after every scenario, with plain SQL: each wallet's balance equals
 * the sum of its ledger, each entry's balance_after equals the previous entry's plus its amount (a
 * chain starting at 0), and no session was charged twice.
 */
public final class WalletLedgerAudit {
  private WalletLedgerAudit() {
  }

  public static void assertConsistent(TestDatabase db) {
    try (Connection c = db.connect()) {
      assertEquals(0, count(c, """
          SELECT count(*) FROM wallets w
          WHERE w.balance <> (SELECT COALESCE(sum(l.amount), 0) FROM wallet_ledger l WHERE l.wallet_id = w.id)"""),
          "wallets whose balance differs from the sum of their ledger");
      assertEquals(0, count(c, """
          SELECT count(*) FROM (
            SELECT balance_after, amount,
                   lag(balance_after, 1, 0::numeric) OVER (PARTITION BY wallet_id ORDER BY id) AS before
            FROM wallet_ledger) chain
          WHERE balance_after <> before + amount"""), "ledger entries whose balance_after breaks the chain");
      assertEquals(0, count(c, """
          SELECT count(*) FROM (SELECT charging_transaction_id FROM wallet_ledger WHERE entry_type = 'CHARGE_DEDUCT'
                                GROUP BY charging_transaction_id HAVING count(*) > 1) twice"""),
          "sessions charged more than once");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every session billing settled was charged exactly its amount: CHARGE_DEDUCT plus later ADJUSTMENT and
   * REFUND entries of the session add up to minus its amount. Only for tests without operator entries
   * that refer to sessions.
   */
  public static void assertSessionsChargedTheirAmount(TestDatabase db) {
    try (Connection c = db.connect()) {
      assertEquals(0, count(c, """
          SELECT count(*) FROM charging_transactions t
          WHERE t.status = 'COMPLETED' AND t.amount IS NOT NULL
            AND t.amount <> -(SELECT COALESCE(sum(l.amount), 0) FROM wallet_ledger l
                              WHERE l.charging_transaction_id = t.id)"""),
          "completed sessions whose ledger entries do not add up to their amount");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
