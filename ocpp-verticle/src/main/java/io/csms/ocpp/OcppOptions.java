package io.csms.ocpp;

import io.csms.ocpp.validation.OcppActions;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The OCPP verticle's configuration, read from the whole CSMS configuration object; an absent key takes
 * its default, so a test can deploy with a tiny configuration.
 *
 * <ul>
 *   <li>{@code host}: interface to listen on, default {@code 0.0.0.0}.</li>
 *   <li>{@code nodeId}: this node's id in the cluster, default a random id made at start.</li>
 *   <li>{@code ocpp.port}: WebSocket port, default 8180 (0: any free port).</li>
 *   <li>{@code ocpp.heartbeatIntervalSeconds}: the interval given in BootNotification answers, default 300.</li>
 *   <li>{@code ocpp.idleTimeoutSeconds}: a connection silent (no frame, no pong) longer than this is closed,
 *       default 900.</li>
 *   <li>{@code ocpp.pingIntervalSeconds}: WebSocket ping period, default 60.</li>
 *   <li>{@code ocpp.maxFrameBytes}: the largest OCPP-J message accepted (UTF-8 bytes); bigger ones are
 *       answered with a CALLERROR, default 65536.</li>
 *   <li>{@code ocpp.callTimeoutSeconds}: how long a CSMS-initiated CALL waits for its answer unless the
 *       request says otherwise, default 30.</li>
 *   <li>{@code ocpp.callQueueLimit}: CSMS-initiated CALLs that may wait per charge point behind the one
 *       outstanding, default 16.</li>
 *   <li>{@code ocpp.auditSkipActions}: OCPP actions, comma-separated, whose frames are kept out of the audit log
 *       when the exchange succeeds (a CALL answered with a CALLERROR is logged with its error), default none:
 *       every frame is logged. An unknown action stops the node.</li>
 *   <li>{@code cluster.sessionTtlSeconds}: how long this node's entries in the shared session registry live
 *       unless refreshed (they are refreshed at a third of it), default 30. The registry is Redis when
 *       {@code redis.url} is set, else the cluster's (or, unclustered, the node's) shared map.</li>
 * </ul>
 */
public record OcppOptions(String host, String nodeId, int port, int heartbeatIntervalSeconds,
                          int idleTimeoutSeconds, int pingIntervalSeconds, int maxFrameBytes,
                          int callTimeoutSeconds, int callQueueLimit, Set<String> auditSkipActions,
                          int sessionTtlSeconds) {

  public static OcppOptions from(JsonObject config) {
    JsonObject ocpp = config.getJsonObject("ocpp", new JsonObject());
    String nodeId = config.getString("nodeId");
    if (nodeId == null || nodeId.isBlank()) {
      nodeId = "node-" + UUID.randomUUID().toString().substring(0, 8);
    }
    return new OcppOptions(
        config.getString("host", "0.0.0.0"),
        nodeId,
        ocpp.getInteger("port", 8180),
        positive(ocpp, "heartbeatIntervalSeconds", 300),
        positive(ocpp, "idleTimeoutSeconds", 900),
        positive(ocpp, "pingIntervalSeconds", 60),
        positive(ocpp, "maxFrameBytes", 65536),
        positive(ocpp, "callTimeoutSeconds", 30),
        Math.max(0, ocpp.getInteger("callQueueLimit", 16)),
        actions(ocpp, "auditSkipActions"),
        config.getJsonObject("cluster", new JsonObject()).getInteger("sessionTtlSeconds", 30));
  }

  private static Set<String> actions(JsonObject section, String key) {
    Set<String> actions = new LinkedHashSet<>();
    String list = section.getString(key, "");
    for (String name : list == null ? new String[0] : list.split(",")) {
      String action = name.trim();
      if (action.isEmpty()) {
        continue;
      }
      if (!OcppActions.isKnown(action)) {
        throw new IllegalArgumentException("ocpp." + key + ": " + action + " is not an OCPP 1.6 action");
      }
      actions.add(action);
    }
    return Set.copyOf(actions);
  }

  private static int positive(JsonObject section, String key, int defaultValue) {
    int value = section.getInteger(key, defaultValue);
    if (value <= 0) {
      throw new IllegalArgumentException("ocpp." + key + " must be positive, was " + value);
    }
    return value;
  }
}
