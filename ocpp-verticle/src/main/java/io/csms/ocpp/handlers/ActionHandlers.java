package io.csms.ocpp.handlers;

import io.csms.ocpp.bus.PersistenceGateway;
import java.util.Map;

/** The handler of each charge-point-initiated action this CSMS serves. */
public final class ActionHandlers {
  private final Map<String, ActionHandler> handlers;

  private ActionHandlers(Map<String, ActionHandler> handlers) {
    this.handlers = Map.copyOf(handlers);
  }

  public static ActionHandlers standard(PersistenceGateway store, AuthorizationPolicy policy,
                                        int heartbeatIntervalSeconds, DataTransferVendors vendors,
                                        ChargerReportSink reports) {
    return new ActionHandlers(Map.of(
        "BootNotification", new BootNotificationHandler(store, heartbeatIntervalSeconds),
        "Heartbeat", new HeartbeatHandler(store),
        "StatusNotification", new StatusNotificationHandler(store),
        "Authorize", new AuthorizeHandler(store, policy),
        "StartTransaction", new StartTransactionHandler(store, policy),
        "StopTransaction", new StopTransactionHandler(store, policy),
        "MeterValues", new MeterValuesHandler(store),
        "DataTransfer", new DataTransferHandler(vendors),
        "DiagnosticsStatusNotification", new ChargerReportHandler(reports, false),
        "FirmwareStatusNotification", new ChargerReportHandler(reports, true)));
  }

  /** Null when this CSMS does not serve the action. */
  public ActionHandler find(String action) {
    return handlers.get(action);
  }
}
