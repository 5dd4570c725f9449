package io.csms.api.routes;

import static io.csms.api.routes.Endpoint.answer;
import static io.csms.api.routes.Endpoint.ask;
import static io.csms.api.routes.Endpoint.request;

import io.csms.bus.AdminStoreAddresses;
import io.csms.bus.ProfileStoreAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * Smart Charging: SetChargingProfile (stored first, its answer recorded), ClearChargingProfile (the
 * matching stored profiles CLEARED once the charger accepts), GetCompositeSchedule (answered, not stored),
 * the profiles of a charger, and a new split of a station's power limit on demand.
 */
public final class SmartChargingRoutes {
  private final CommandRoutes commands;

  private SmartChargingRoutes(CommandRoutes commands) {
    this.commands = commands;
  }

  public static void mount(RouterBuilder rb, CommandRoutes commands) {
    SmartChargingRoutes routes = new SmartChargingRoutes(commands);
    rb.getRoute("setChargingProfile").addHandler(routes::set);
    rb.getRoute("listChargingProfiles").addHandler(ctx -> {
      JsonObject req = request(ctx);
      ask(ctx, ProfileStoreAddresses.CHARGING_PROFILE_LIST, new JsonObject().put("chargerId", req.getLong("id"))
          .put("status", req.getString("status"))).onSuccess(reply -> answer(ctx, 200, reply)).onFailure(ctx::fail);
    });
    rb.getRoute("clearChargingProfile").addHandler(routes::clear);
    rb.getRoute("getCompositeSchedule").addHandler(routes::composite);
    rb.getRoute("splitStationPower").addHandler(ctx -> {
      long stationId = request(ctx).getLong("id");
      ask(ctx, AdminStoreAddresses.STATION_GET, new JsonObject().put("id", stationId)).onSuccess(found -> {
        ctx.vertx().eventBus().publish(ProfileStoreAddresses.STATION_POWER_REBALANCE,
            new JsonObject().put("stationId", stationId));
        answer(ctx, 202, new JsonObject().put("message", "The station's power limit is being split again"));
      }).onFailure(ctx::fail);
    });
  }

  private void set(RoutingContext ctx) {
    JsonObject req = request(ctx);
    ask(ctx, ProfileStoreAddresses.CHARGING_PROFILE_CREATE, new JsonObject().put("chargerId", req.getLong("id"))
        .put("connectorId", req.getInteger("connectorId")).put("profile", req.getJsonObject("csChargingProfiles")))
        .compose(created -> {
          JsonObject stored = created.getJsonObject("chargingProfile");
          return RecordedCommand.send(ctx, commands, stored.getString("chargePointId"), "SetChargingProfile",
              created.getJsonObject("payload"), "chargingProfile", answer -> ask(ctx,
                  ProfileStoreAddresses.CHARGING_PROFILE_ANSWERED, new JsonObject().put("id", stored.getLong("id"))
                      .put("answer", answer)).map(reply -> reply.getJsonObject("chargingProfile")));
        })
        .onSuccess(result -> answer(ctx, 200, result)).onFailure(ctx::fail);
  }

  private void clear(RoutingContext ctx) {
    JsonObject req = request(ctx);
    long chargerId = req.getLong("id");
    JsonObject payload = new JsonObject();
    copy(req, "profileId", payload, "id");
    copy(req, "connectorId", payload, "connectorId");
    copy(req, "chargingProfilePurpose", payload, "chargingProfilePurpose");
    copy(req, "stackLevel", payload, "stackLevel");
    chargePointOf(ctx, chargerId)
        .compose(chargePointId -> commands.call(ctx, chargePointId, "ClearChargingProfile", payload))
        .compose(result -> !result.getBoolean("success") ? Future.succeededFuture(result.put("cleared", 0))
            : ask(ctx, ProfileStoreAddresses.CHARGING_PROFILE_CLEARED, new JsonObject().put("chargerId", chargerId)
                .put("id", payload.getValue("id")).put("connectorId", payload.getValue("connectorId"))
                .put("purpose", payload.getValue("chargingProfilePurpose"))
                .put("stackLevel", payload.getValue("stackLevel")))
                .map(cleared -> result.put("cleared", cleared.getInteger("cleared"))))
        .onSuccess(result -> answer(ctx, 200, result)).onFailure(ctx::fail);
  }

  private void composite(RoutingContext ctx) {
    JsonObject req = request(ctx);
    JsonObject payload = new JsonObject().put("connectorId", req.getInteger("connectorId"))
        .put("duration", req.getInteger("duration"));
    copy(req, "chargingRateUnit", payload, "chargingRateUnit");
    chargePointOf(ctx, req.getLong("id"))
        .compose(chargePointId -> commands.call(ctx, chargePointId, "GetCompositeSchedule", payload))
        .onSuccess(result -> answer(ctx, 200, result)).onFailure(ctx::fail);
  }

  private static Future<String> chargePointOf(RoutingContext ctx, long chargerId) {
    return ask(ctx, AdminStoreAddresses.CHARGER_GET, new JsonObject().put("id", chargerId))
        .map(reply -> reply.getJsonObject("charger").getString("chargePointId"));
  }

  private static void copy(JsonObject from, String key, JsonObject to, String as) {
    if (from.getValue(key) != null) {
      to.put(as, from.getValue(key));
    }
  }
}
