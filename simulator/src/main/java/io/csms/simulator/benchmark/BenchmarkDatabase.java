package io.csms.simulator.benchmark;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;

/**
 * A fresh database for one benchmark run on an existing PostgreSQL server: created empty (the node
 * migrates it at start), seeded with the charge points, a driver tag, a default tariff and a wallet, and
 * dropped at the end.
 */
final class BenchmarkDatabase implements AutoCloseable {
  private final Vertx vertx;
  private final String serverUrl;
  private final PgConnectOptions server;
  private final String name;

  private BenchmarkDatabase(Vertx vertx, String serverUrl, PgConnectOptions server, String name) {
    this.vertx = vertx;
    this.serverUrl = serverUrl;
    this.server = server;
    this.name = name;
  }

  /** {@code serverUrl}: {@code postgresql://user[:password]@host:port/db} of any database on the server. */
  static BenchmarkDatabase create(Vertx vertx, String serverUrl) throws Exception {
    PgConnectOptions options = PgConnectOptions.fromUri(serverUrl);
    String name = "csms_bench_" + Long.toString(System.currentTimeMillis(), 36);
    BenchmarkDatabase db = new BenchmarkDatabase(vertx, serverUrl, options, name);
    db.onAdmin("CREATE DATABASE " + name);
    return db;
  }

  /** The URL the node gets as CSMS_DB_URL. */
  String url() {
    int query = serverUrl.indexOf('?');
    String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
    String params = query < 0 ? "" : serverUrl.substring(query);
    int slash = base.indexOf('/', base.indexOf("//") + 2);
    return (slash < 0 ? base : base.substring(0, slash)) + "/" + name + params;
  }

  /** The URL with any password masked, for printing. */
  String displayUrl() {
    return url().replaceAll("://([^:@/]+):[^@/]*@", "://$1:***@");
  }

  /**
   * Charge points {@code idPrefix + 5-digit number} for numbers [first, last], each with its own driver
   * (tag {@code tagPrefix + 5-digit number}) and a funded wallet, and a default tariff.
   */
  void seed(String idPrefix, String tagPrefix, int first, int last) throws Exception {
    Pool pool = pool();
    try {
      await(pool.withTransaction(conn -> conn.query(
              "INSERT INTO tariffs (name, price_per_kwh, session_fee, is_default) VALUES ('Benchmark', 10.00, 0, true)")
          .execute()
          .compose(r -> conn.preparedQuery("INSERT INTO chargers (charge_point_id, name) "
                  + "SELECT $3 || lpad(g::text, 5, '0'), 'Benchmark ' || g FROM generate_series($1::int, $2::int) g")
              .execute(Tuple.of(first, last, idPrefix)))
          .compose(r -> conn.preparedQuery("INSERT INTO users (name, rfid_id_tag, role) "
                  + "SELECT 'Benchmark driver ' || g, $3 || lpad(g::text, 5, '0'), 'USER' "
                  + "FROM generate_series($1::int, $2::int) g")
              .execute(Tuple.of(first, last, tagPrefix)))
          .compose(r -> conn.preparedQuery("INSERT INTO wallets (user_id, balance) "
                  + "SELECT id, 9999999999.00 FROM users WHERE rfid_id_tag LIKE $1 || '%'")
              .execute(Tuple.of(tagPrefix)))));
    } finally {
      pool.close();
    }
  }

  /** Transactions the database holds, and how many of them are stopped. */
  long[] transactionCounts() throws Exception {
    Row row = firstRow("SELECT count(*), count(stop_time) FROM charging_transactions");
    return new long[] {row.getLong(0), row.getLong(1)};
  }

  /** Autovacuum's passes over this database's tables that have ended so far (pg_stat_user_tables). */
  AutovacuumPasses autovacuumPasses() throws Exception {
    Row row = firstRow("SELECT coalesce(sum(autovacuum_count), 0)::bigint, coalesce(sum(autoanalyze_count), 0)::bigint"
        + " FROM pg_stat_user_tables");
    return new AutovacuumPasses(row.getLong(0), row.getLong(1));
  }

  /** The server's version and the settings that shape a write-heavy run, as one line for the report. */
  String serverSettings() throws Exception {
    Row row = firstRow("SELECT current_setting('server_version'), current_setting('shared_buffers'),"
        + " current_setting('max_wal_size'), current_setting('synchronous_commit'), current_setting('fsync'),"
        + " current_setting('autovacuum')");
    return String.format("PostgreSQL %s (shared_buffers %s, max_wal_size %s, synchronous_commit %s, fsync %s,"
            + " autovacuum %s)", row.getString(0), row.getString(1), row.getString(2), row.getString(3),
        row.getString(4), row.getString(5));
  }

  /** Commits, inserted and updated rows of this database so far (pg_stat_database, updated about twice a second). */
  long[] activity() throws Exception {
    Row row = firstRow("SELECT xact_commit, tup_inserted, tup_updated FROM pg_stat_database "
        + "WHERE datname = current_database()");
    return new long[] {row.getLong(0), row.getLong(1), row.getLong(2)};
  }

  /** The first row of a query on this database, over a short-lived pool. */
  private Row firstRow(String sql) throws Exception {
    Pool pool = pool();
    try {
      return await(pool.query(sql).execute()).iterator().next();
    } finally {
      pool.close();
    }
  }

  private Pool pool() {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(new PgConnectOptions(server).setDatabase(name)).using(vertx).build();
  }

  private void onAdmin(String sql) throws Exception {
    Pool admin = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(server).using(vertx).build();
    try {
      await(admin.query(sql).execute());
    } finally {
      admin.close();
    }
  }

  @Override
  public void close() throws Exception {
    onAdmin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }
}
