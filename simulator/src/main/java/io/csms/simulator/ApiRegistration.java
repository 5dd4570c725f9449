package io.csms.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registers the fleet's charge points through the CSMS management API ({@code POST /api/admin/chargers}
 * with an ADMIN bearer token) before they connect, a few requests at a time. An id that already exists
 * (409) counts as registered.
 */
public final class ApiRegistration {
  private static final int IN_FLIGHT = 8;

  /** How the registration went. */
  public record Outcome(int created, int existing, int failed, String firstFailure) {
  }

  private ApiRegistration() {
  }

  public static Future<Outcome> register(Vertx vertx, String apiBaseUrl, String token, SimulationPlan plan) {
    WebClient web = WebClient.create(vertx);
    String url = apiBaseUrl.replaceAll("/+$", "") + "/api/admin/chargers";
    AtomicInteger next = new AtomicInteger();
    AtomicInteger created = new AtomicInteger();
    AtomicInteger existing = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    String[] firstFailure = {null};
    Promise<Outcome> done = Promise.promise();
    AtomicInteger workers = new AtomicInteger(Math.min(IN_FLIGHT, plan.chargers()));
    Runnable[] worker = new Runnable[1];
    worker[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= plan.chargers()) {
        if (workers.decrementAndGet() == 0) {
          web.close();
          done.complete(new Outcome(created.get(), existing.get(), failed.get(), firstFailure[0]));
        }
        return;
      }
      JsonArray connectors = new JsonArray();
      for (int n = 1; n <= plan.chargePoint().connectors(); n++) {
        connectors.add(new JsonObject().put("connector_id", n));
      }
      JsonObject body = new JsonObject().put("charge_point_id", plan.chargePointId(i))
          .put("name", "Simulated " + plan.chargePointId(i)).put("vendor", SimulatedChargePoint.VENDOR)
          .put("connectors", connectors);
      web.postAbs(url).bearerTokenAuthentication(token).sendJsonObject(body).onComplete(ar -> {
        if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
          created.incrementAndGet();
        } else if (ar.succeeded() && ar.result().statusCode() == 409) {
          existing.incrementAndGet();
        } else {
          failed.incrementAndGet();
          synchronized (firstFailure) {
            if (firstFailure[0] == null) {
              firstFailure[0] = ar.failed() ? String.valueOf(ar.cause().getMessage())
                  : ar.result().statusCode() + " " + ar.result().bodyAsString();
            }
          }
        }
        worker[0].run();
      });
    };
    for (int w = workers.get(); w > 0; w--) {
      worker[0].run();
    }
    return done.future();
  }
}
