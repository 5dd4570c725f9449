package io.csms.ocpp.handlers;

import io.vertx.core.Future;

/**
 * Where DiagnosticsStatusNotification and FirmwareStatusNotification go: the node stores them through
 * {@link io.csms.ocpp.bus.StoredChargerReports}; {@link #AUDIT_ONLY} only audit-logs them (every frame is).
 * The answer ({@code {}}) goes out once the returned future completes.
 */
public interface ChargerReportSink {
  ChargerReportSink AUDIT_ONLY = new ChargerReportSink() {
  };

  default Future<Void> diagnosticsStatus(String chargePointId, String status) {
    return Future.succeededFuture();
  }

  default Future<Void> firmwareStatus(String chargePointId, String status) {
    return Future.succeededFuture();
  }
}
