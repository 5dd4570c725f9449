package io.csms.ocpp.handlers;

import io.csms.ocpp.validation.OcppTimestamp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** OCPP MeterValue arrays as the bus carries them: every timestamp checked for its offset and written in UTC. */
final class MeterValueList {
  private MeterValueList() {
  }

  static JsonArray normalised(String field, JsonArray meterValues) {
    JsonArray copy = new JsonArray();
    for (int i = 0; i < meterValues.size(); i++) {
      JsonObject value = meterValues.getJsonObject(i).copy();
      value.put("timestamp", OcppTimestamp.toUtc(field + "/" + i + "/timestamp", value.getString("timestamp")));
      copy.add(value);
    }
    return copy;
  }
}
