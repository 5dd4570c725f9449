package io.csms.persistence;

import io.vertx.core.json.JsonObject;

/**
 * The persistence verticle's configuration, read from the whole CSMS configuration object.
 *
 * <ul>
 *   <li>{@code database.url}: required, {@code postgresql://user[:password]@host:port/db}.</li>
 *   <li>{@code database.poolSize}: connections in the pool, default 16 (MeterValues have 2 more of their
 *       own, see {@code MeterValueStore.pool}, and so do the shared commits, {@code GroupCommit.pool}).</li>
 *   <li>{@code database.maxWaitSeconds}: how long a request may wait for a connection (MeterValues,
 *       Heartbeat, StatusNotification and connection changes: for their turn in a shared commit) before it is
 *       refused with BUSY and nothing written, default 8. Keep it below the OCPP verticle's 10 s store
 *       time-out: a request whose charge point was already answered with an error is then never written
 *       afterwards, and an overloaded node does no work that no one waits for.</li>
 *   <li>{@code demo}: seed the demo station, chargers, tariff and driver at start, default false.</li>
 *   <li>{@code persistence.reconciliationDeadlineMinutes}: how long a transaction may stay
 *       PENDING_RECONCILIATION before it is closed with its last known meter value, default 120.</li>
 *   <li>{@code persistence.reconciliationScanSeconds}: how often that deadline is checked, default 60;
 *       0 turns the scan off.</li>
 *   <li>{@code persistence.meterValuesWindowMillis}: how long MeterValues reports gather before they are written
 *       together, default 2; 0: each is written as soon as a connection is free (more, smaller commits).</li>
 *   <li>{@code persistence.sharedCommitWindowMillis}: the same for the shared commits of Heartbeat,
 *       StatusNotification and connection changes ({@code GroupCommit}), default 2; 0: none.</li>
 *   <li>{@code persistence.auditFlushMillis}: the audit log's batch window, default 200.</li>
 *   <li>{@code persistence.auditBatchSize}: the audit log's largest batch, default 500.</li>
 * </ul>
 */
public final class PersistenceOptions {
  private final DatabaseUrl databaseUrl;
  private final int poolSize;
  private final int maxWaitSeconds;
  private final boolean demo;
  private final int reconciliationDeadlineMinutes;
  private final int reconciliationScanSeconds;
  private final int meterValuesWindowMillis;
  private final int sharedCommitWindowMillis;
  private final int auditFlushMillis;
  private final int auditBatchSize;

  public PersistenceOptions(JsonObject config) {
    JsonObject database = config.getJsonObject("database", new JsonObject());
    JsonObject persistence = config.getJsonObject("persistence", new JsonObject());
    this.databaseUrl = DatabaseUrl.parse(database.getString("url"));
    this.poolSize = database.getInteger("poolSize", 16);
    this.maxWaitSeconds = database.getInteger("maxWaitSeconds", 8);
    if (maxWaitSeconds <= 0) {
      throw new IllegalArgumentException("database.maxWaitSeconds must be positive, was " + maxWaitSeconds);
    }
    this.demo = config.getBoolean("demo", false);
    this.reconciliationDeadlineMinutes = persistence.getInteger("reconciliationDeadlineMinutes", 120);
    this.reconciliationScanSeconds = persistence.getInteger("reconciliationScanSeconds", 60);
    this.meterValuesWindowMillis = windowMillis(persistence, "meterValuesWindowMillis");
    this.sharedCommitWindowMillis = windowMillis(persistence, "sharedCommitWindowMillis");
    this.auditFlushMillis = persistence.getInteger("auditFlushMillis", 200);
    this.auditBatchSize = persistence.getInteger("auditBatchSize", 500);
  }

  /** A gathering window's length: default 2 ms, 0 for none, never negative. */
  private static int windowMillis(JsonObject persistence, String key) {
    int millis = persistence.getInteger(key, 2);
    if (millis < 0) {
      throw new IllegalArgumentException("persistence." + key + " must be 0 or more, was " + millis);
    }
    return millis;
  }

  public DatabaseUrl databaseUrl() {
    return databaseUrl;
  }

  public int poolSize() {
    return poolSize;
  }

  public int maxWaitSeconds() {
    return maxWaitSeconds;
  }

  public boolean demo() {
    return demo;
  }

  public int reconciliationDeadlineMinutes() {
    return reconciliationDeadlineMinutes;
  }

  public int reconciliationScanSeconds() {
    return reconciliationScanSeconds;
  }

  public int meterValuesWindowMillis() {
    return meterValuesWindowMillis;
  }

  public int sharedCommitWindowMillis() {
    return sharedCommitWindowMillis;
  }

  public int auditFlushMillis() {
    return auditFlushMillis;
  }

  public int auditBatchSize() {
    return auditBatchSize;
  }
}
