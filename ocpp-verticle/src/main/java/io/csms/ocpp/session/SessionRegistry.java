package io.csms.ocpp.session;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The live WebSocket session of each charge point connected to this node: at most one per charge point. */
public final class SessionRegistry {
  private final Map<String, ChargerSession> sessions = new ConcurrentHashMap<>();

  /** Makes {@code session} the charge point's current one; returns the one it replaces, if any. */
  public ChargerSession register(ChargerSession session) {
    return sessions.put(session.chargePointId(), session);
  }

  /**
   * Forgets {@code session} only if it is still the charge point's current one, so that a replaced
   * socket's late close never unregisters its successor. True when it was current.
   */
  public boolean unregister(ChargerSession session) {
    return sessions.remove(session.chargePointId(), session);
  }

  public ChargerSession find(String chargePointId) {
    return sessions.get(chargePointId);
  }

  public Collection<ChargerSession> all() {
    return sessions.values();
  }

  public int size() {
    return sessions.size();
  }
}
