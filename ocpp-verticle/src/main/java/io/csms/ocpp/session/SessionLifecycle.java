package io.csms.ocpp.session;

import io.csms.ocpp.bus.ConnectionEvents;
import io.csms.ocpp.bus.FrameAudit;
import io.csms.ocpp.metrics.OcppMetrics;
import io.csms.ocpp.validation.SchemaCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and ends charger sessions. A new connection of a charge point already connected takes over: it
 * becomes the registered session at once and the old socket is closed (here at once; on another node at
 * that node's next refresh of the {@link SharedSessions}). The replaced socket's close is not a
 * disconnection of the charge point (no CHARGER_CONNECTION=false, no event).
 */
public final class SessionLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SessionLifecycle.class);
  private final SessionRegistry registry;
  private final ConnectionEvents events;
  private final SessionServices services;
  private final SharedSessions shared;

  public SessionLifecycle(Vertx vertx, CallDispatcher dispatcher, SchemaCatalog schemas, FrameAudit audit,
                          OcppMetrics metrics, int maxFrameBytes, int callQueueLimit, SessionRegistry registry,
                          ConnectionEvents events, SharedSessions shared) {
    this.registry = registry;
    this.shared = shared;
    this.events = events;
    this.services = new SessionServices(vertx, dispatcher, schemas, audit, metrics, maxFrameBytes, callQueueLimit,
        this::closed);
  }

  /** Starts the session of a socket just accepted for {@code chargePointId}. */
  public void opened(String chargePointId, ServerWebSocket socket) {
    ChargerSession session = new ChargerSession(chargePointId, socket, services);
    session.start();
    ChargerSession previous = registry.register(session);
    shared.opened(session).onComplete(registered -> session.ready());
    events.connected(chargePointId);
    if (previous != null) {
      LOG.info("{}: new connection replaces the previous one", chargePointId);
      previous.supersede();
    } else {
      LOG.info("{}: connected", chargePointId);
    }
  }

  private void closed(ChargerSession session) {
    boolean current = registry.unregister(session);
    if (current && !session.superseded()) {
      LOG.info("{}: disconnected", session.chargePointId());
      shared.closed(session);
      events.disconnected(session.chargePointId());
    }
  }
}
