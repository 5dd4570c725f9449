package io.csms.ocpp.bus;

import io.csms.bus.ProfileStoreAddresses;
import io.csms.ocpp.handlers.ChargerReportSink;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * FirmwareStatusNotification and DiagnosticsStatusNotification stored as each charger's history (and its
 * latest firmware rollout's or diagnostics request's status) before they are acknowledged.
 */
public final class StoredChargerReports implements ChargerReportSink {
  private final PersistenceGateway store;

  public StoredChargerReports(PersistenceGateway store) {
    this.store = store;
  }

  @Override
  public Future<Void> diagnosticsStatus(String chargePointId, String status) {
    return report(ProfileStoreAddresses.DIAGNOSTICS_STATUS, chargePointId, status);
  }

  @Override
  public Future<Void> firmwareStatus(String chargePointId, String status) {
    return report(ProfileStoreAddresses.FIRMWARE_STATUS, chargePointId, status);
  }

  private Future<Void> report(String address, String chargePointId, String status) {
    return store.request(address, new JsonObject().put("chargePointId", chargePointId).put("status", status)
        .put("receivedAt", Instant.now().toString())).mapEmpty();
  }
}
