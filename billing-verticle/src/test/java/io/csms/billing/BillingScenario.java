package io.csms.billing;

import io.csms.testing.WalletLedgerAudit;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class of billing scenarios on one {@link BillingTestBed}; after every scenario the money must add
 * up: balance = sum of ledger, an unbroken balance_after chain, each session charged once and exactly its
 * amount.
 */
@ExtendWith(VertxExtension.class)
abstract class BillingScenario {
  /** Billing settings without a periodic scan during a test: only the scans a test triggers run. */
  static final JsonObject NO_PERIODIC_SCAN = new JsonObject().put("scanIntervalSeconds", 3600);

  static BillingTestBed bed;

  @BeforeAll
  static void createTestBed() {
    bed = new BillingTestBed();
  }

  @AfterEach
  void moneyAddsUp() {
    WalletLedgerAudit.assertConsistent(bed.db);
    WalletLedgerAudit.assertSessionsChargedTheirAmount(bed.db);
  }

  @AfterAll
  static void closeTestBed() {
    bed.close();
  }
}
