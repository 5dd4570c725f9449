package io.csms.persistence.demo;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo data set, written when the configuration says {@code demo: true}: station "Demo Station",
 * chargers DEMO-CP-1 and DEMO-CP-2 with connectors 1 and 2, a default tariff of 12.00 INR/kWh without
 * session fee, and the driver "Demo Driver" (RFID card DEMO-TAG-1) whose wallet holds 500.00 INR from one
 * TOP_UP ledger entry, so that the balance equals the sum of the ledger. Idempotent: each item is written only
 * if missing, under a transaction-scoped advisory lock so that nodes starting together seed once.
 */
public final class DemoSeed {
  private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);
  private static final long SEED_LOCK = 0x0c5a5de30L;

  private static final String[] STATEMENTS = {
      "SELECT pg_advisory_xact_lock(" + SEED_LOCK + ")",
      """
      INSERT INTO tariffs (name, price_per_kwh, session_fee, currency, is_default)
      SELECT 'Demo tariff', 12.00, 0, 'INR', TRUE WHERE NOT EXISTS (SELECT 1 FROM tariffs WHERE is_default)
      """,
      """
      INSERT INTO stations (name, latitude, longitude, address, city, state, zip_code, country)
      SELECT 'Demo Station', 12.971599, 77.594566, '1 MG Road', 'Bengaluru', 'Karnataka', '560001', 'IN'
       WHERE NOT EXISTS (SELECT 1 FROM stations WHERE name = 'Demo Station')
      """,
      """
      INSERT INTO chargers (charge_point_id, name, station_id)
      SELECT cp.id, cp.name, (SELECT id FROM stations WHERE name = 'Demo Station' ORDER BY id LIMIT 1)
        FROM (VALUES ('DEMO-CP-1', 'Demo charger 1'), ('DEMO-CP-2', 'Demo charger 2')) AS cp (id, name)
      ON CONFLICT (charge_point_id) DO NOTHING
      """,
      """
      INSERT INTO connectors (charger_id, connector_id, connector_type, max_power_w)
      SELECT c.id, n.connector_id, 'Type2', 22000
        FROM chargers c CROSS JOIN (VALUES (1), (2)) AS n (connector_id)
       WHERE c.charge_point_id IN ('DEMO-CP-1', 'DEMO-CP-2')
      ON CONFLICT (charger_id, connector_id) DO NOTHING
      """,
      """
      INSERT INTO users (name, email, rfid_id_tag, role)
      SELECT 'Demo Driver', 'demo.driver@example.com', 'DEMO-TAG-1', 'USER'
       WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(rfid_id_tag) = lower('DEMO-TAG-1'))
      """,
      // The wallet and its top-up are written together, only for a driver without a wallet yet.
      """
      WITH driver AS (
        SELECT u.id FROM users u
         WHERE lower(u.rfid_id_tag) = lower('DEMO-TAG-1') AND NOT EXISTS (SELECT 1 FROM wallets w WHERE w.user_id = u.id)),
      wallet AS (
        INSERT INTO wallets (user_id, balance, currency) SELECT id, 500.00, 'INR' FROM driver RETURNING id)
      INSERT INTO wallet_ledger (wallet_id, entry_type, amount, balance_after, description, idempotency_key)
      SELECT id, 'TOP_UP', 500.00, 500.00, 'Demo top-up', 'demo-seed' FROM wallet
      """
  };

  private DemoSeed() {
  }

  public static Future<Void> seed(Pool pool) {
    return pool.withTransaction(conn -> run(conn, 0)).onSuccess(v -> LOG.info("Demo data present"));
  }

  private static Future<Void> run(SqlConnection conn, int index) {
    if (index == STATEMENTS.length) {
      return Future.succeededFuture();
    }
    return conn.query(STATEMENTS[index]).execute().compose(done -> run(conn, index + 1));
  }
}
