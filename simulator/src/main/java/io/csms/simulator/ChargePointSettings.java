package io.csms.simulator;

/**
 * How every simulated charge point of one run behaves. Durations in milliseconds.
 *
 * @param url                 CSMS WebSocket base URL; the charge point id is appended as the last path segment
 * @param connectors          connectors per charge point (1..n)
 * @param meterIntervalMillis time between MeterValues during a session; 0 sends the next one as soon as the
 *                            previous is answered (saturation)
 * @param heartbeatMillis     heartbeat interval; 0 uses the interval BootNotification returns
 * @param sessionMillis       how long a session charges before the driver stops it
 * @param pauseMillis         idle time between two sessions on one connector
 * @param offlineMillis       how long the reconnect scenario stays offline
 * @param callTimeoutMillis   how long to wait for the answer to a CALL
 * @param idTag               the RFID tag presented for local sessions
 * @param scenario            the scenario (MIX picks one per charge point)
 */
public record ChargePointSettings(String url, int connectors, long meterIntervalMillis, long heartbeatMillis,
                                  long sessionMillis, long pauseMillis, long offlineMillis,
                                  long callTimeoutMillis, String idTag, Scenario scenario) {
  public ChargePointSettings {
    if (connectors < 1) {
      throw new IllegalArgumentException("connectors must be >= 1");
    }
    if (idTag == null || idTag.isEmpty() || idTag.length() > 20) {
      throw new IllegalArgumentException("idTag must have 1 to 20 characters (OCPP IdToken)");
    }
  }
}
