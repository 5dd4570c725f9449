package io.csms.simulator;

import io.csms.simulator.metrics.SimulationStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The charge points that share one event loop (and one WebSocket client, optionally bound to one local
 * source address). Every charge point's state is touched only from this verticle's context.
 */
final class ChargePointFleet extends VerticleBase {
  /** One charge point to start {@code delayMillis} after the fleet is deployed. */
  record Member(String id, int index, String idTag, long delayMillis) {
  }

  private final List<Member> members;
  private final ChargePointSettings settings;
  private final SimulationStats stats;
  private final String localAddress;
  private final boolean active;
  private final Runnable onFirstBoot;
  private final List<SimulatedChargePoint> chargePoints = new ArrayList<>();
  private WebSocketClient client;

  ChargePointFleet(List<Member> members, ChargePointSettings settings, SimulationStats stats, String localAddress,
                   boolean active, Runnable onFirstBoot) {
    this.onFirstBoot = onFirstBoot;
    this.members = members;
    this.settings = settings;
    this.stats = stats;
    this.localAddress = localAddress;
    this.active = active;
  }

  @Override
  public Future<?> start() {
    WebSocketClientOptions options = new WebSocketClientOptions()
        .setMaxConnections(Math.max(1, members.size()))
        .setConnectTimeout(10_000)
        .setTcpNoDelay(true)
        .setMaxFrameSize(65_536)
        .setMaxMessageSize(1 << 20);
    if (localAddress != null) {
      options.setLocalAddress(localAddress);
    }
    client = vertx.createWebSocketClient(options);
    for (Member m : members) {
      SimulatedChargePoint cp = new SimulatedChargePoint(vertx, client, m.id(), m.index(), m.idTag(), settings, stats,
          active, onFirstBoot);
      chargePoints.add(cp);
      vertx.setTimer(Math.max(1, m.delayMillis()), t -> cp.start());
    }
    return Future.succeededFuture();
  }

  /** Lets every charge point of this fleet play its scenario. */
  Future<Void> activate() {
    return onContext(() -> {
      chargePoints.forEach(SimulatedChargePoint::activate);
      return Future.succeededFuture();
    });
  }

  /** Orderly end: sessions stopped and delivered, sockets closed. */
  Future<Void> shutdown(long graceMillis) {
    return onContext(() -> Future.join(chargePoints.stream().map(cp -> cp.shutdown(graceMillis)).toList())
        .mapEmpty());
  }

  @Override
  public Future<?> stop() {
    return client == null ? Future.succeededFuture() : client.close();
  }

  private Future<Void> onContext(Supplier<Future<Void>> action) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(done));
    return done.future();
  }
}
