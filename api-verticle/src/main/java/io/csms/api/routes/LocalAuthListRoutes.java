package io.csms.api.routes;

import static io.csms.api.routes.Endpoint.answer;
import static io.csms.api.routes.Endpoint.ask;
import static io.csms.api.routes.Endpoint.request;

import io.csms.bus.ProfileStoreAddresses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * Local Auth List Management: each charger's list version and whether it is behind the users' cards,
 * SendLocalList (Full or Differential, built by the store from what the charger last accepted) and
 * GetLocalListVersion. The stored list moves only when the charger accepts.
 */
public final class LocalAuthListRoutes {
  private final CommandRoutes commands;

  private LocalAuthListRoutes(CommandRoutes commands) {
    this.commands = commands;
  }

  public static void mount(RouterBuilder rb, CommandRoutes commands) {
    LocalAuthListRoutes routes = new LocalAuthListRoutes(commands);
    rb.getRoute("getLocalList").addHandler(ctx -> ask(ctx, ProfileStoreAddresses.LOCAL_LIST_STATE,
            new JsonObject().put("chargerId", request(ctx).getLong("id")))
        .onSuccess(state -> answer(ctx, 200, new JsonObject().put("localList", state))).onFailure(ctx::fail));
    rb.getRoute("sendLocalList").addHandler(routes::send);
    rb.getRoute("getLocalListVersion").addHandler(routes::version);
  }

  private void send(RoutingContext ctx) {
    JsonObject req = request(ctx);
    long chargerId = req.getLong("id");
    ask(ctx, ProfileStoreAddresses.LOCAL_LIST_PLAN, new JsonObject().put("chargerId", chargerId)
        .put("updateType", req.getString("updateType", "Differential")))
        .compose(plan -> RecordedCommand.send(ctx, commands, plan.getString("chargePointId"), "SendLocalList",
            plan.getJsonObject("payload"), "localList", answer -> ask(ctx, ProfileStoreAddresses.LOCAL_LIST_ANSWERED,
                new JsonObject().put("chargerId", chargerId).put("answer", answer).put("payload", plan.getJsonObject("payload"))))
            .map(result -> result.put("sentEntries", plan.getJsonObject("payload").getJsonArray("localAuthorizationList").size())))
        .onSuccess(result -> answer(ctx, 200, result)).onFailure(ctx::fail);
  }

  private void version(RoutingContext ctx) {
    long chargerId = request(ctx).getLong("id");
    ask(ctx, ProfileStoreAddresses.LOCAL_LIST_STATE, new JsonObject().put("chargerId", chargerId))
        .compose(state -> commands.call(ctx, state.getString("chargePointId"), "GetLocalListVersion", new JsonObject()))
        .compose(result -> {
          Integer version = result.getJsonObject("ocppResponse").getInteger("listVersion");
          if (version == null) {
            return ask(ctx, ProfileStoreAddresses.LOCAL_LIST_STATE, new JsonObject().put("chargerId", chargerId))
                .map(state -> result.put("localList", state));
          }
          return ask(ctx, ProfileStoreAddresses.LOCAL_LIST_REPORTED, new JsonObject().put("chargerId", chargerId)
              .put("listVersion", version)).map(state -> result.put("localList", state));
        })
        .onSuccess(result -> answer(ctx, 200, result)).onFailure(ctx::fail);
  }
}
