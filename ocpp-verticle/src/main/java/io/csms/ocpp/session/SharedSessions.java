package io.csms.ocpp.session;

import io.csms.sessions.SessionRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's sessions in the cluster-wide {@link io.csms.sessions.SessionRegistry} (which node holds each
 * charge point), so that a CALL made on any node reaches the node holding the socket. Registered on open,
 * removed on close, refreshed at a third of the time to live; a refresh that reports a charge point as no
 * longer ours (it reconnected to another node) closes our socket as superseded.
 */
public final class SharedSessions {
  private static final Logger LOG = LoggerFactory.getLogger(SharedSessions.class);
  private final Vertx vertx;
  private final io.csms.sessions.SessionRegistry directory;
  private final SessionRegistry local;
  private final String nodeId;
  private final long refreshMillis;
  private long timer = -1;
  private boolean refreshing;
  /**
   * The last registry operation of each charge point, so that the next one starts after it. Without this
   * a superseded connection's registration could land after its successor's and leave the registry naming
   * a dead socket. Only touched on the verticle's event loop.
   */
  private final Map<String, Future<Void>> lastOperation = new HashMap<>();

  public SharedSessions(Vertx vertx, io.csms.sessions.SessionRegistry directory, SessionRegistry local,
                        String nodeId, int ttlSeconds) {
    this.vertx = vertx;
    this.directory = directory;
    this.local = local;
    this.nodeId = nodeId;
    this.refreshMillis = Math.max(100, ttlSeconds * 1000L / 3);
  }

  public void start() {
    timer = vertx.setPeriodic(refreshMillis, id -> refresh());
  }

  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return directory.close();
  }

  /** Runs {@code operation} after the charge point's previous registry operation, whatever its outcome. */
  private Future<Void> inOrder(String chargePointId, Supplier<Future<Void>> operation) {
    Future<Void> next = lastOperation.getOrDefault(chargePointId, Future.succeededFuture())
        .transform(previous -> operation.get());
    lastOperation.put(chargePointId, next);
    next.onComplete(done -> lastOperation.remove(chargePointId, next));
    return next;
  }

  /** Registers the session; completes when done, successfully or not (a failure is logged). */
  Future<Void> opened(ChargerSession session) {
    return inOrder(session.chargePointId(), () -> register(session));
  }

  private Future<Void> register(ChargerSession session) {
    return directory.register(record(session)).transform(ar -> {
      if (ar.failed()) {
        LOG.warn("{}: not registered in the shared session registry: {}", session.chargePointId(),
            ar.cause().toString());
      } else if (ar.result().isPresent() && !nodeId.equals(ar.result().get().nodeId())) {
        LOG.info("{}: taken over from node {}", session.chargePointId(), ar.result().get().nodeId());
      }
      return Future.<Void>succeededFuture();
    });
  }

  void closed(ChargerSession session) {
    inOrder(session.chargePointId(), () -> directory.unregister(session.chargePointId(), session.connectionId())
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("{}: not unregistered from the shared session registry: {}", session.chargePointId(), e.toString());
          return Future.succeededFuture();
        }));
  }

  /** The node holding the charge point's socket, as the shared registry knows it. */
  public Future<Optional<String>> nodeOf(String chargePointId) {
    return directory.lookup(List.of(chargePointId))
        .map(found -> Optional.ofNullable(found.get(chargePointId)).map(SessionRecord::nodeId));
  }

  /** The cluster-wide sessions of these charge points, as {@code {chargePointId, nodeId, connectedAt, lastSeenAt}}. */
  public Future<Map<String, JsonObject>> describe(Collection<String> chargePointIds) {
    return directory.lookup(chargePointIds).map(found -> {
      Map<String, JsonObject> described = new HashMap<>();
      found.forEach((id, record) -> described.put(id, new JsonObject().put("chargePointId", id)
          .put("nodeId", record.nodeId()).put("connectedAt", record.connectedAt().toString())
          .put("lastSeenAt", record.lastSeenAt().toString())));
      return described;
    });
  }

  private void refresh() {
    if (refreshing || local.size() == 0) {
      return;
    }
    List<SessionRecord> records = new ArrayList<>(local.size());
    for (ChargerSession session : local.all()) {
      records.add(record(session));
    }
    refreshing = true;
    directory.refresh(records).onComplete(ar -> {
      refreshing = false;
      if (ar.failed()) {
        LOG.warn("Shared session registry refresh failed: {}", ar.cause().toString());
        return;
      }
      closeLost(ar.result(), records);
    });
  }

  /**
   * Charge points whose records the refresh did not extend: if another connection holds one now, our
   * socket is closed as superseded; if none does (the record expired while the registry was unreachable),
   * ours is registered again.
   */
  private void closeLost(Set<String> lost, List<SessionRecord> refreshed) {
    if (lost.isEmpty()) {
      return;
    }
    directory.lookup(lost).onSuccess(holders -> {
      for (SessionRecord ours : refreshed) {
        if (!lost.contains(ours.chargePointId())) {
          continue;
        }
        ChargerSession session = local.find(ours.chargePointId());
        if (session == null || !session.connectionId().equals(ours.connectionId())) {
          continue; // closed or replaced here meanwhile
        }
        SessionRecord holder = holders.get(ours.chargePointId());
        // No holder, or a connection of this very node that is no longer open here: ours is the live one.
        if (holder == null || nodeId.equals(holder.nodeId())) {
          opened(session);
        } else if (!holder.connectionId().equals(ours.connectionId())) {
          LOG.info("{}: now held by node {}; closing this node's socket", ours.chargePointId(), holder.nodeId());
          local.unregister(session); // from now on, CALLs made here are forwarded to the new holder
          session.supersede();
        }
      }
    }).onFailure(e -> LOG.warn("Shared session registry lookup failed: {}", e.toString()));
  }

  private SessionRecord record(ChargerSession session) {
    return new SessionRecord(session.chargePointId(), nodeId, session.connectionId(), session.connectedAt(),
        Instant.ofEpochMilli(session.lastSeenMillis()));
  }
}
