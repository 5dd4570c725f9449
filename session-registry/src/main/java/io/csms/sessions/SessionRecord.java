package io.csms.sessions;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One charge point's live WebSocket: which node holds it, which connection it is (a fresh id per socket,
 * so a late close of an old socket can be told apart from the current one), since when, and when the
 * charge point was last heard from.
 */
public record SessionRecord(String chargePointId, String nodeId, String connectionId, Instant connectedAt,
                            Instant lastSeenAt) {

  public SessionRecord seenAt(Instant at) {
    return new SessionRecord(chargePointId, nodeId, connectionId, connectedAt, at);
  }

  public JsonObject toJson() {
    return new JsonObject().put("chargePointId", chargePointId).put("nodeId", nodeId)
        .put("connectionId", connectionId).put("connectedAt", connectedAt.toString())
        .put("lastSeenAt", lastSeenAt.toString());
  }

  public static SessionRecord fromJson(JsonObject json) {
    return new SessionRecord(json.getString("chargePointId"), json.getString("nodeId"),
        json.getString("connectionId"), Instant.parse(json.getString("connectedAt")),
        Instant.parse(json.getString("lastSeenAt")));
  }
}
