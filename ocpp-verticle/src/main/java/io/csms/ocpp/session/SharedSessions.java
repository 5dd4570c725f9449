package io.csms.ocpp.session;

import io.csms.sessions.SessionRecord;
import io.vertx.core.Context;
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
  private static final int REFRESH_SLICE = 250;
  private final Vertx vertx;
  private final io.csms.sessions.SessionRegistry directory;
  private final SessionRegistry local;
  private final String nodeId;
  private final long refreshMillis;
  private long timer = -1;
  private Context context;
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
    context = vertx.getOrCreateContext();
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
    session.sharedRegistrations++;
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

  /**
   * A session as a refresh read it. Whether the registry still names it only means something once its
   * registration has landed, so a refresh skips sessions with an operation in flight (the next refresh
   * takes them) and acts on a lost one only if no registration of it was queued since.
   */
  private record Refreshed(ChargerSession session, SessionRecord record, int registrations) {
  }

  private void refresh() {
    if (refreshing || local.size() == 0) {
      return;
    }
    List<Refreshed> sessions = new ArrayList<>(local.size());
    for (ChargerSession session : local.all()) {
      if (!lastOperation.containsKey(session.chargePointId())) {
        sessions.add(new Refreshed(session, record(session), session.sharedRegistrations));
      }
    }
    refreshing = true;
    refreshSlice(sessions, 0);
  }

  /**
   * Refreshes {@value #REFRESH_SLICE} records, then yields the event loop before the next slice: 10,000
   * sessions refreshed in one go held the loop (and every charge point's answer) for a few hundred ms.
   */
  private void refreshSlice(List<Refreshed> sessions, int from) {
    if (from >= sessions.size()) {
      refreshing = false;
      return;
    }
    List<Refreshed> slice = sessions.subList(from, Math.min(sessions.size(), from + REFRESH_SLICE));
    directory.refresh(slice.stream().map(Refreshed::record).toList()).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("Shared session registry refresh failed: {}", ar.cause().toString());
      } else {
        closeLost(ar.result(), slice);
      }
      int next = from + slice.size();
      context.runOnContext(v -> refreshSlice(sessions, next));
    });
  }

  /**
   * Charge points whose records the refresh did not extend: if another connection holds one now, our
   * socket is closed as superseded; if none does (the record expired while the registry was unreachable),
   * ours is registered again.
   */
  private void closeLost(Set<String> lost, List<Refreshed> refreshed) {
    if (lost.isEmpty()) {
      return;
    }
    directory.lookup(lost).onSuccess(holders -> {
      for (Refreshed read : refreshed) {
        SessionRecord ours = read.record();
        if (!lost.contains(ours.chargePointId())) {
          continue;
        }
        ChargerSession session = local.find(ours.chargePointId());
        if (session != read.session()) {
          continue; // closed or replaced here meanwhile
        }
        if (session.sharedRegistrations != read.registrations()) {
          // Registered again since the reads: ours may be the newest now. Closing it on a stale read left
          // both sockets closed (the other node, seeing ours registered, closed its own).
          continue;
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
