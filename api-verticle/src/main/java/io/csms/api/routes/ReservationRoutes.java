package io.csms.api.routes;

import static io.csms.api.routes.Endpoint.answer;
import static io.csms.api.routes.Endpoint.ask;
import static io.csms.api.routes.Endpoint.request;

import io.csms.api.http.ApiException;
import io.csms.bus.ProfileStoreAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * The Reservation profile: ReserveNow for a user on a connector (0: the whole charger) and
 * CancelReservation, each stored first and then sent, so that the reservation id exists before the charger
 * can use it; the charger's answer decides whether the reservation becomes ACTIVE.
 */
public final class ReservationRoutes {
  private final CommandRoutes commands;

  private ReservationRoutes(CommandRoutes commands) {
    this.commands = commands;
  }

  public static void mount(RouterBuilder rb, CommandRoutes commands) {
    ReservationRoutes routes = new ReservationRoutes(commands);
    rb.getRoute("reserveNow").addHandler(routes::reserveNow);
    rb.getRoute("cancelReservation").addHandler(routes::cancel);
    rb.getRoute("listReservations").addHandler(ctx -> ask(ctx, ProfileStoreAddresses.RESERVATION_LIST, request(ctx))
        .onSuccess(reply -> answer(ctx, 200, reply)).onFailure(ctx::fail));
    rb.getRoute("getReservation").addHandler(ctx -> ask(ctx, ProfileStoreAddresses.RESERVATION_GET,
            new JsonObject().put("reservationId", request(ctx).getLong("id")))
        .onSuccess(reply -> answer(ctx, 200, reply)).onFailure(ctx::fail));
  }

  private void reserveNow(RoutingContext ctx) {
    JsonObject req = request(ctx);
    JsonObject create = new JsonObject().put("chargerId", req.getLong("id")).put("userId", req.getLong("userId"))
        .put("connectorId", req.getInteger("connectorId", 0)).put("expiresAt", req.getString("expiryDate"));
    ask(ctx, ProfileStoreAddresses.RESERVATION_CREATE, create).compose(created -> {
      JsonObject reservation = created.getJsonObject("reservation");
      JsonObject payload = new JsonObject().put("connectorId", reservation.getInteger("connectorId"))
          .put("expiryDate", reservation.getString("expiresAt")).put("idTag", reservation.getString("idTag"))
          .put("reservationId", reservation.getInteger("id"));
      return RecordedCommand.send(ctx, commands, reservation.getString("chargePointId"), "ReserveNow", payload,
          "reservation", answer -> ask(ctx, ProfileStoreAddresses.RESERVATION_ANSWERED, new JsonObject()
              .put("reservationId", reservation.getInteger("id")).put("answer", answer))
              .map(reply -> reply.getJsonObject("reservation")));
    }).onSuccess(result -> answer(ctx, 200, result)).onFailure(ctx::fail);
  }

  private void cancel(RoutingContext ctx) {
    long id = request(ctx).getLong("id");
    ask(ctx, ProfileStoreAddresses.RESERVATION_GET, new JsonObject().put("reservationId", id)).compose(found -> {
      JsonObject reservation = found.getJsonObject("reservation");
      String status = reservation.getString("status");
      if (!"ACTIVE".equals(status) && !"REQUESTED".equals(status)) {
        return Future.failedFuture(new ApiException(409, "Reservation " + id + " is " + status + ", not active"));
      }
      return commands.call(ctx, reservation.getString("chargePointId"), "CancelReservation",
              new JsonObject().put("reservationId", (int) id))
          .compose(result -> !result.getBoolean("success")
              ? Future.succeededFuture(result.put("reservation", reservation))
              : ask(ctx, ProfileStoreAddresses.RESERVATION_CANCEL, new JsonObject().put("reservationId", id)
                  .put("reason", "Cancelled by operator"))
                  .map(cancelled -> result.put("reservation", cancelled.getJsonObject("reservation"))));
    }).onSuccess(result -> answer(ctx, 200, result)).onFailure(ctx::fail);
  }
}
