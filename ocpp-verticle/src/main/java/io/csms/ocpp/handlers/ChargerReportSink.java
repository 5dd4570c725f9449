package io.csms.ocpp.handlers;

import io.vertx.core.Future;

/**
 * Where DiagnosticsStatusNotification and FirmwareStatusNotification go. Today they are only audit-logged
 * (every frame is); storing them is a later change that replaces {@link #AUDIT_ONLY} with a sink that
 * writes through the persistence verticle. The answer ({@code {}}) goes out once the returned future
 * completes.
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
