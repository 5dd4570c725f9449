package io.csms.bus;

/** Addresses served by {@code ocpp-verticle}. */
public final class OcppAddresses {
  private static final String PREFIX = "csms.ocpp.v1.";

  /**
   * Send a CSMS-initiated CALL to a connected charge point and get its answer. Served by the node that
   * holds the charger's WebSocket (see {@link #callAddressOf(String)}). Calls to one charger go out one
   * at a time, as OCPP-J requires; the others wait in a bounded queue.
   * Request {@code {chargePointId, action, payload, timeoutSeconds?}}.
   * Reply {@code {action, payload}}: the charger's CALLRESULT payload, already schema-validated.
   * Failures: {@link BusFailure#CONFLICT} not connected; {@link BusFailure#INVALID} unknown action or the
   * payload violates the schema; {@link BusFailure#BUSY} the queue is full; {@link BusFailure#TIMEOUT} no
   * answer in time; {@link BusFailure#CALL_ERROR} the charger answered a CALLERROR, the reason being
   * {@code {"errorCode","errorDescription","errorDetails"}} as JSON text; also {@link BusFailure#CALL_ERROR}
   * with errorCode {@code "InvalidCallResult"} when the charger's CALLRESULT violates the action's response
   * schema (a bad answer from upstream, as HTTP's 502). {@code timeoutSeconds} defaults to
   * {@code ocpp.callTimeoutSeconds}; the payload may be any CSMS-initiated OCPP 1.6 action's.
   */
  public static final String CALL = PREFIX + "call";

  /**
   * Which charge points have a live WebSocket. Served on every node running the OCPP verticle (a local
   * consumer). With {@code chargePointIds}: wherever each is connected in the cluster, from the shared
   * session registry (the requester's node's own sessions with their live last-seen instant; only those
   * when the registry cannot be reached). Without: the sessions of the requester's node.
   * Request {@code {chargePointIds?: [string]}}. Reply {@code {sessions: [{chargePointId, nodeId,
   * connectedAt, lastSeenAt}]}}. A CALL sent to {@link #CALL} on a node that does not hold the charger is
   * forwarded to the holding node, found in the same registry.
   */
  public static final String SESSIONS = PREFIX + "sessions";

  /** The CALL address of one node: what {@link #CALL} resolves to once the holding node is known. */
  public static String callAddressOf(String nodeId) {
    return PREFIX + "node." + nodeId + ".call";
  }

  private OcppAddresses() {
  }
}
