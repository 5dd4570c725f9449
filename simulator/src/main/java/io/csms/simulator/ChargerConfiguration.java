package io.csms.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configuration keys a charge point keeps (OCPP 1.6 core profile), read and changed by the CSMS. */
final class ChargerConfiguration {
  private enum Kind { INTEGER, BOOLEAN, TEXT }

  private record Entry(Kind kind, boolean readonly, String value) {
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  ChargerConfiguration(int connectors, long heartbeatSeconds, long meterIntervalSeconds, long retryIntervalSeconds) {
    put("AuthorizeRemoteTxRequests", Kind.BOOLEAN, false, "false");
    put("ClockAlignedDataInterval", Kind.INTEGER, false, "0");
    put("ConnectionTimeOut", Kind.INTEGER, false, "60");
    put("GetConfigurationMaxKeys", Kind.INTEGER, true, "50");
    put("HeartbeatInterval", Kind.INTEGER, false, Long.toString(heartbeatSeconds));
    put("LocalAuthorizeOffline", Kind.BOOLEAN, false, "true");
    put("LocalPreAuthorize", Kind.BOOLEAN, false, "false");
    put("MeterValueSampleInterval", Kind.INTEGER, false, Long.toString(meterIntervalSeconds));
    put("MeterValuesSampledData", Kind.TEXT, false,
        "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC,Temperature");
    put("NumberOfConnectors", Kind.INTEGER, true, Integer.toString(connectors));
    put("ResetRetries", Kind.INTEGER, false, "3");
    put("StopTransactionOnEVSideDisconnect", Kind.BOOLEAN, false, "true");
    put("StopTransactionOnInvalidId", Kind.BOOLEAN, false, "true");
    put("StopTxnSampledData", Kind.TEXT, false, "Energy.Active.Import.Register");
    put("SupportedFeatureProfiles", Kind.TEXT, true, "Core,RemoteTrigger");
    put("TransactionMessageAttempts", Kind.INTEGER, false, "3");
    put("TransactionMessageRetryInterval", Kind.INTEGER, false, Long.toString(retryIntervalSeconds));
    put("UnlockConnectorOnEVSideDisconnect", Kind.BOOLEAN, false, "true");
    put("WebSocketPingInterval", Kind.INTEGER, false, "60");
  }

  private void put(String key, Kind kind, boolean readonly, String value) {
    entries.put(key, new Entry(kind, readonly, value));
  }

  String get(String key) {
    Entry e = entries.get(key);
    return e == null ? null : e.value();
  }

  long getLong(String key, long fallback) {
    try {
      return Long.parseLong(get(key));
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  boolean getBoolean(String key) {
    return "true".equalsIgnoreCase(get(key));
  }

  /** The GetConfiguration.conf payload for the requested keys (all when {@code keys} is empty). */
  JsonObject read(List<String> keys) {
    JsonArray known = new JsonArray();
    JsonArray unknown = new JsonArray();
    if (keys.isEmpty()) {
      entries.forEach((k, e) -> known.add(describe(k, e)));
    } else {
      for (String key : keys) {
        Entry e = entries.get(key);
        if (e == null) {
          unknown.add(key);
        } else {
          known.add(describe(key, e));
        }
      }
    }
    JsonObject answer = new JsonObject().put("configurationKey", known);
    if (!unknown.isEmpty()) {
      answer.put("unknownKey", unknown);
    }
    return answer;
  }

  /** Applies a ChangeConfiguration; answers its status: Accepted, Rejected or NotSupported. */
  String change(String key, String value) {
    Entry e = entries.get(key);
    if (e == null) {
      return "NotSupported";
    }
    if (e.readonly() || !fits(e.kind(), value)) {
      return "Rejected";
    }
    entries.put(key, new Entry(e.kind(), false, e.kind() == Kind.BOOLEAN ? value.toLowerCase() : value));
    return "Accepted";
  }

  private static boolean fits(Kind kind, String value) {
    switch (kind) {
      case INTEGER:
        try {
          return Long.parseLong(value) >= 0;
        } catch (NumberFormatException e) {
          return false;
        }
      case BOOLEAN:
        return "true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value);
      default:
        return true;
    }
  }

  private static JsonObject describe(String key, Entry e) {
    return new JsonObject().put("key", key).put("readonly", e.readonly()).put("value", e.value());
  }
}
