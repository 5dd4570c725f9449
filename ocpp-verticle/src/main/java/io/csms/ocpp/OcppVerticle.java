package io.csms.ocpp;

import io.csms.bus.HandedOverJson;
import io.csms.ocpp.bus.ConnectionEvents;
import io.csms.ocpp.bus.FrameAudit;
import io.csms.ocpp.bus.PersistenceGateway;
import io.csms.ocpp.bus.StoredChargerReports;
import io.csms.ocpp.calls.CallEndpoint;
import io.csms.ocpp.handlers.ActionHandlers;
import io.csms.ocpp.metrics.OcppMetrics;
import io.csms.ocpp.handlers.AuthorizationPolicy;
import io.csms.ocpp.handlers.DataTransferVendors;
import io.csms.ocpp.session.CallDispatcher;
import io.csms.ocpp.session.LivenessMonitor;
import io.csms.ocpp.session.SessionLifecycle;
import io.csms.ocpp.session.SessionRegistry;
import io.csms.ocpp.session.SharedSessions;
import io.csms.ocpp.smartcharging.StationPowerSplit;
import io.csms.ocpp.transport.OcppWebSocketServer;
import io.csms.ocpp.validation.SchemaCatalog;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCPP 1.6J endpoint of one node: the WebSocket server, one {@link io.csms.ocpp.session.ChargerSession}
 * per connected charge point, and the event-bus addresses of {@link io.csms.bus.OcppAddresses}. Deploy one
 * instance per node: the session registry, the CALL consumers and the sockets share its event loop.
 * Configuration: the whole CSMS configuration, read by {@link OcppOptions}.
 */
public class OcppVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OcppVerticle.class);
  /**
   * How long a store request may take before the charge point gets an InternalError (it retries): well
   * under the 30 s charge points commonly wait for an answer.
   */
  private static final long STORE_TIMEOUT_MILLIS = 10_000;
  private final DataTransferVendors vendors = new DataTransferVendors();
  private final SessionRegistry registry = new SessionRegistry();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private OcppOptions options;
  private OcppWebSocketServer server;
  private LivenessMonitor liveness;
  private FrameAudit audit;
  private SharedSessions shared;

  @Override
  public Future<?> start() {
    if (context.getInstanceCount() > 1) {
      return Future.failedFuture(new IllegalStateException(
          "Deploy OcppVerticle as a single instance per node: its sessions live on one event loop"));
    }
    options = OcppOptions.from(config());
    HandedOverJson.register(vertx);
    AuthorizationPolicy policy = AuthorizationPolicy.from(config());
    return vertx.executeBlocking(SchemaCatalog::load).compose(schemas -> {
      PersistenceGateway store = new PersistenceGateway(vertx.eventBus(), STORE_TIMEOUT_MILLIS);
      OcppMetrics metrics = OcppMetrics.create(options.nodeId(), registry::size);
      audit = new FrameAudit(vertx, metrics, options.auditSkipActions());
      ActionHandlers handlers = ActionHandlers.standard(store, policy, options.heartbeatIntervalSeconds(), vendors,
          new StoredChargerReports(store));
      shared = new SharedSessions(vertx, io.csms.sessions.SessionRegistry.create(vertx, config()), registry,
          options.nodeId(), options.sessionTtlSeconds());
      shared.start();
      SessionLifecycle lifecycle = new SessionLifecycle(vertx, new CallDispatcher(schemas, handlers), schemas,
          audit, metrics, options.maxFrameBytes(), options.callQueueLimit(), registry,
          new ConnectionEvents(store, vertx.eventBus(), options.nodeId()), shared);
      consumers.addAll(new CallEndpoint(registry, shared, schemas, options.nodeId(), options.callTimeoutSeconds())
          .register(vertx));
      consumers.addAll(new StationPowerSplit(vertx, chargePointId -> registry.find(chargePointId) != null).register());
      liveness = new LivenessMonitor(vertx, registry, options.pingIntervalSeconds(), options.idleTimeoutSeconds());
      liveness.start();
      server = new OcppWebSocketServer(vertx, store, lifecycle::opened);
      return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
          .compose(registered -> server.listen(options.host(), options.port(), options.maxFrameBytes()))
          .onSuccess(listening -> LOG.info("OCPP 1.6J endpoint on port {} (node {})", actualPort(),
              options.nodeId()));
    });
  }

  /** The port the WebSocket server listens on (useful when configured with port 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  /** This node's id, as configured or generated at start. */
  public String nodeId() {
    return options == null ? null : options.nodeId();
  }

  /** Vendor-specific DataTransfer handlers; register before deployment. */
  public DataTransferVendors dataTransferVendors() {
    return vendors;
  }

  @Override
  public Future<?> stop() {
    if (liveness != null) {
      liveness.stop();
    }
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList())
        .eventually(() -> server == null ? Future.succeededFuture() : server.close())
        .andThen(closed -> {
          if (audit != null) {
            audit.flush(); // the last frames, so that none stays behind
          }
        })
        .eventually(() -> shared == null ? Future.succeededFuture() : shared.stop());
  }
}
