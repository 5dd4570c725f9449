package io.csms.simulator;

import io.csms.simulator.metrics.SimulationStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.DeploymentOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running fleet of simulated charge points spread over the event loops: ramped at the plan's rate,
 * activated, and shut down in an orderly way. Usable from the command line and from the benchmark.
 */
public final class Simulation {
  private final Vertx vertx;
  private final SimulationPlan plan;
  private final SimulationStats stats = new SimulationStats();
  private final List<ChargePointFleet> fleets = new ArrayList<>();
  private final List<String> deployments = new ArrayList<>();
  private final AtomicInteger bootedOnce = new AtomicInteger();
  private final Promise<Void> allBooted = Promise.promise();

  public Simulation(Vertx vertx, SimulationPlan plan) {
    this.vertx = vertx;
    this.plan = plan;
  }

  public SimulationStats stats() {
    return stats;
  }

  public SimulationPlan plan() {
    return plan;
  }

  /** Deploys the fleets; charge points then connect over the ramp. Completes once deployed. */
  public Future<Void> start() {
    int loops = Math.max(1, 2 * Runtime.getRuntime().availableProcessors());
    int fleetCount = Math.min(plan.chargers(), Math.max(loops, plan.localAddresses().size()));
    List<List<ChargePointFleet.Member>> members = new ArrayList<>();
    for (int f = 0; f < fleetCount; f++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < plan.chargers(); i++) {
      long delay = Math.round(i * 1000.0 / plan.rampPerSecond());
      members.get(i % fleetCount).add(new ChargePointFleet.Member(plan.chargePointId(i), i, plan.idTag(i), delay));
    }
    List<Future<String>> deployed = new ArrayList<>();
    for (int f = 0; f < fleetCount; f++) {
      String local = plan.localAddresses().isEmpty() ? null
          : plan.localAddresses().get(f % plan.localAddresses().size());
      ChargePointFleet fleet = new ChargePointFleet(members.get(f), plan.chargePoint(), stats, local,
          plan.startActive(), this::chargePointBooted);
      fleets.add(fleet);
      deployed.add(vertx.deployVerticle(fleet, new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP)));
    }
    return Future.all(deployed).onSuccess(all -> deployed.forEach(d -> deployments.add(d.result()))).mapEmpty();
  }

  /** Completes when every charge point of the plan has had a BootNotification accepted once. */
  public Future<Void> allBooted() {
    return allBooted.future();
  }

  private void chargePointBooted() {
    if (bootedOnce.incrementAndGet() == plan.chargers()) {
      allBooted.tryComplete();
    }
  }

  /** Lets charge points held back by {@code startActive = false} play their scenario. */
  public Future<Void> activate() {
    return Future.all(fleets.stream().map(ChargePointFleet::activate).toList()).mapEmpty();
  }

  /** Stops sessions, delivers what is queued (within {@code graceMillis}), closes every socket, undeploys. */
  public Future<Void> shutdown(long graceMillis) {
    return Future.join(fleets.stream().map(f -> f.shutdown(graceMillis)).toList())
        .transform(v -> Future.join(deployments.stream().map(vertx::undeploy).toList()))
        .mapEmpty();
  }
}
