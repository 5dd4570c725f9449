package io.csms.api.routes;

import static io.csms.api.routes.Endpoint.answer;
import static io.csms.api.routes.Endpoint.ask;
import static io.csms.api.routes.Endpoint.forward;
import static io.csms.api.routes.Endpoint.paged;
import static io.csms.api.routes.Endpoint.request;

import io.csms.bus.AdminStoreAddresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.ArrayList;
import java.util.List;

/** Chargers and their connectors: {@code /api/admin/chargers}, plus {@code GET /api/charge-points}. */
public final class ChargerRoutes {
  private final LiveSessions live;

  private ChargerRoutes(LiveSessions live) {
    this.live = live;
  }

  public static void mount(RouterBuilder rb, LiveSessions live) {
    ChargerRoutes routes = new ChargerRoutes(live);
    rb.getRoute("listChargers").addHandler(routes::list);
    rb.getRoute("getCharger").addHandler(routes::get);
    rb.getRoute("createCharger").addHandler(routes.withLiveState(AdminStoreAddresses.CHARGER_CREATE, 201, "Charger onboarded successfully"));
    rb.getRoute("updateCharger").addHandler(routes.withLiveState(AdminStoreAddresses.CHARGER_UPDATE, 200, "Charger updated successfully"));
    rb.getRoute("deleteCharger").addHandler(forward(AdminStoreAddresses.CHARGER_DELETE, 200, "Charger deleted successfully"));
    rb.getRoute("listConnectors").addHandler(ctx -> {
      JsonObject req = request(ctx);
      ask(ctx, AdminStoreAddresses.CONNECTOR_LIST, new JsonObject().put("chargerId", req.getLong("id")))
          .onSuccess(reply -> answer(ctx, 200, reply)).onFailure(ctx::fail);
    });
    rb.getRoute("createConnector").addHandler(connector(AdminStoreAddresses.CONNECTOR_CREATE, 201, "Connector created successfully"));
    rb.getRoute("updateConnector").addHandler(connector(AdminStoreAddresses.CONNECTOR_UPDATE, 200, "Connector updated successfully"));
    rb.getRoute("deleteConnector").addHandler(connector(AdminStoreAddresses.CONNECTOR_DELETE, 200, "Connector deleted successfully"));
    rb.getRoute("listChargePoints").addHandler(routes::chargePoints);
  }

  private void list(RoutingContext ctx) {
    JsonObject request = request(ctx);
    ask(ctx, AdminStoreAddresses.CHARGER_LIST, request)
        .compose(reply -> live.annotate(objects(reply.getJsonArray("data"))).map(reply))
        .onSuccess(reply -> answer(ctx, 200, paged(request, reply)))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    ask(ctx, AdminStoreAddresses.CHARGER_GET, new JsonObject().put("id", request(ctx).getLong("id")))
        .compose(reply -> {
          JsonObject charger = reply.getJsonObject("charger");
          return live.annotate(List.of(charger)).map(v -> new JsonObject()
              .put("charger", charger)
              .put("station", charger.getValue("station"))
              .put("connectors", charger.getValue("connectors"))
              .put("currentTransaction", reply.getValue("currentTransaction")));
        })
        .onSuccess(body -> answer(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private Handler<RoutingContext> withLiveState(String address, int status, String message) {
    return ctx -> ask(ctx, address, request(ctx))
        .compose(reply -> live.annotate(List.of(reply.getJsonObject("charger"))).map(reply))
        .onSuccess(reply -> {
          reply.put("message", message);
          JsonObject charger = reply.getJsonObject("charger");
          reply.put("ocppUrl", "/ocpp/" + charger.getString("chargePointId"));
          answer(ctx, status, reply);
        })
        .onFailure(ctx::fail);
  }

  private static Handler<RoutingContext> connector(String address, int status, String message) {
    return ctx -> {
      JsonObject req = request(ctx);
      req.put("chargerId", req.remove("id"));
      ask(ctx, address, req).onSuccess(reply -> answer(ctx, status, reply.put("message", message))).onFailure(ctx::fail);
    };
  }

  /** The seed system's {@code GET /api/charge-points}: every charger with its live state, as a bare array. */
  private void chargePoints(RoutingContext ctx) {
    fetchAll(ctx, 1, new ArrayList<>())
        .compose(all -> live.annotate(all))
        .onSuccess(all -> {
          JsonArray out = new JsonArray();
          all.forEach(c -> out.add(JsonNames.toSnake(new JsonObject()
              .put("id", c.getValue("id"))
              .put("chargePointId", c.getValue("chargePointId"))
              .put("name", c.getValue("name"))
              .put("status", c.getValue("latestStatus"))
              .put("isConnected", c.getValue("isConnected"))
              .put("connectedNode", c.getValue("connectedNode"))
              .put("connectedAt", c.getValue("connectedAt"))
              .put("lastSeenAt", c.getValue("lastSeenAt")))));
          ctx.response().putHeader("Content-Type", "application/json").end(out.encode());
        })
        .onFailure(ctx::fail);
  }

  private static Future<List<JsonObject>> fetchAll(RoutingContext ctx, int page, List<JsonObject> into) {
    int limit = 1000;
    return ask(ctx, AdminStoreAddresses.CHARGER_LIST, new JsonObject().put("page", page).put("limit", limit))
        .compose(reply -> {
          List<JsonObject> rows = objects(reply.getJsonArray("data"));
          into.addAll(rows);
          return rows.size() < limit ? Future.succeededFuture(into) : fetchAll(ctx, page + 1, into);
        });
  }

  static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> out = new ArrayList<>();
    if (array != null) {
      array.forEach(o -> out.add((JsonObject) o));
    }
    return out;
  }
}
