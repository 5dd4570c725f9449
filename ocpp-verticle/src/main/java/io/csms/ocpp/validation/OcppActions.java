package io.csms.ocpp.validation;

import java.util.Set;

/** The 28 actions of OCPP 1.6 core (plus its feature profiles), by who may initiate them. */
public final class OcppActions {
  /** Actions a charge point sends to the CSMS. */
  public static final Set<String> CHARGE_POINT_INITIATED = Set.of(
      "Authorize", "BootNotification", "DataTransfer", "DiagnosticsStatusNotification",
      "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StartTransaction", "StatusNotification",
      "StopTransaction");

  /** Actions the CSMS sends to a charge point. */
  public static final Set<String> CSMS_INITIATED = Set.of(
      "CancelReservation", "ChangeAvailability", "ChangeConfiguration", "ClearCache", "ClearChargingProfile",
      "DataTransfer", "GetCompositeSchedule", "GetConfiguration", "GetDiagnostics", "GetLocalListVersion",
      "RemoteStartTransaction", "RemoteStopTransaction", "ReserveNow", "Reset", "SendLocalList",
      "SetChargingProfile", "TriggerMessage", "UnlockConnector", "UpdateFirmware");

  private OcppActions() {
  }

  /** Whether the action is one of OCPP 1.6's, whoever initiates it. */
  public static boolean isKnown(String action) {
    return CHARGE_POINT_INITIATED.contains(action) || CSMS_INITIATED.contains(action);
  }
}
