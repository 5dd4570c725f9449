package io.csms.ocpp.handlers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** DiagnosticsStatusNotification and FirmwareStatusNotification: handed to the {@link ChargerReportSink}. */
final class ChargerReportHandler implements ActionHandler {
  private final ChargerReportSink sink;
  private final boolean firmware;

  ChargerReportHandler(ChargerReportSink sink, boolean firmware) {
    this.sink = sink;
    this.firmware = firmware;
  }

  @Override
  public Future<JsonObject> handle(ChargePointRequest request) {
    String status = request.payload().getString("status");
    Future<Void> stored = firmware
        ? sink.firmwareStatus(request.chargePointId(), status)
        : sink.diagnosticsStatus(request.chargePointId(), status);
    return stored.map(v -> new JsonObject());
  }
}
