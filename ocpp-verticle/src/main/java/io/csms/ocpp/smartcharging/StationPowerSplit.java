package io.csms.ocpp.smartcharging;

import io.csms.bus.BusFailure;
import io.csms.bus.EventAddresses;
import io.csms.bus.OcppAddresses;
import io.csms.bus.ProfileStoreAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a station's power limit ({@code stations.power_limit_w}) evenly among the station's RUNNING
 * sessions, in whole watts rounded down (so the shares never add up to more than the limit), by sending each
 * session a TxProfile whenever a session on the station starts or stops. Every node reacts to every session
 * event and sends only to the chargers whose socket it holds; the splits of one node run one after the other, so a split computed from an older
 * session count can never overtake a newer one. The profiles go through the smart-charging store like an
 * operator's, so they are listed per charger.
 */
public final class StationPowerSplit {
  private static final Logger LOG = LoggerFactory.getLogger(StationPowerSplit.class);
  /**
   * The TxProfile stack level of the split. Same level and purpose on a connector replaces the previous
   * split there; an operator's TxProfile at a higher level overrides it, a ChargePointMaxProfile still caps it.
   */
  static final int STACK_LEVEL = 0;
  private static final DeliveryOptions STORE = new DeliveryOptions().setSendTimeout(10_000);

  private final Vertx vertx;
  private final Predicate<String> heldHere;
  private Future<Void> previous = Future.succeededFuture();

  public StationPowerSplit(Vertx vertx, Predicate<String> heldHere) {
    this.vertx = vertx;
    this.heldHere = heldHere;
  }

  public List<MessageConsumer<?>> register() {
    EventBus bus = vertx.eventBus();
    return List.of(
        bus.<JsonObject>consumer(EventAddresses.TRANSACTION_STARTED, m -> onSession(m.body())),
        bus.<JsonObject>consumer(EventAddresses.TRANSACTION_STOPPED, m -> onSession(m.body())),
        bus.<JsonObject>consumer(ProfileStoreAddresses.STATION_POWER_REBALANCE, m -> {
          if (m.body() != null && m.body().getValue("stationId") instanceof Number id) {
            enqueue(new JsonObject().put("stationId", id.longValue()));
          }
        }));
  }

  // Every node reacts, wherever the session's charger is: the station's other chargers may be held here.
  private void onSession(JsonObject event) {
    if (event != null && event.getValue("chargePointId") instanceof String chargePointId) {
      enqueue(new JsonObject().put("chargePointId", chargePointId));
    }
  }

  private void enqueue(JsonObject station) {
    previous = previous.transform(done -> split(station).recover(e -> {
      LOG.warn("Station power split for {} failed: {}", station.encode(), e.getMessage());
      return Future.succeededFuture();
    }));
  }

  private Future<Void> split(JsonObject station) {
    return request(ProfileStoreAddresses.STATION_POWER_SESSIONS, station).compose(plan -> {
      JsonArray sessions = plan.getJsonArray("sessions", new JsonArray());
      String limit = plan.getString("powerLimitW");
      if (limit == null || sessions.isEmpty()) {
        return Future.succeededFuture();
      }
      BigDecimal share = new BigDecimal(limit).divide(BigDecimal.valueOf(sessions.size()), 0, RoundingMode.DOWN);
      List<Future<JsonObject>> sent = new ArrayList<>();
      for (Object item : sessions) {
        JsonObject session = (JsonObject) item;
        if (heldHere.test(session.getString("chargePointId"))) {
          sent.add(send(session, share));
        }
      }
      if (sent.isEmpty()) {
        return Future.succeededFuture();
      }
      return Future.join(sent).transform(all -> {
        JsonArray outcomes = new JsonArray();
        sent.forEach(f -> outcomes.add(f.succeeded() ? f.result() : new JsonObject().put("answer", "NotSent")));
        vertx.eventBus().publish(ProfileStoreAddresses.STATION_POWER_SPLIT, new JsonObject()
            .put("stationId", plan.getLong("stationId")).put("powerLimitW", limit)
            .put("shareW", share.toPlainString()).put("sessions", outcomes));
        return Future.succeededFuture();
      });
    });
  }

  /** One session's TxProfile: stored, sent, its answer stored. Completes with the session and the answer. */
  private Future<JsonObject> send(JsonObject session, BigDecimal share) {
    JsonObject profile = new JsonObject()
        .put("transactionId", session.getLong("transactionId"))
        .put("stackLevel", STACK_LEVEL)
        .put("chargingProfilePurpose", "TxProfile")
        .put("chargingProfileKind", "Relative")
        .put("chargingSchedule", new JsonObject().put("chargingRateUnit", "W")
            .put("chargingSchedulePeriod", new JsonArray().add(new JsonObject().put("startPeriod", 0)
                .put("limit", share.intValueExact()))));
    String chargePointId = session.getString("chargePointId");
    return request(ProfileStoreAddresses.CHARGING_PROFILE_CREATE, new JsonObject().put("chargePointId", chargePointId)
        .put("connectorId", session.getInteger("connectorId")).put("source", "STATION_LIMIT").put("profile", profile))
        .compose(created -> vertx.eventBus().<JsonObject>request(OcppAddresses.CALL, new JsonObject()
                .put("chargePointId", chargePointId).put("action", "SetChargingProfile")
                .put("payload", created.getJsonObject("payload")), new DeliveryOptions().setSendTimeout(60_000))
            .transform(answered -> {
              String answer = answered.succeeded()
                  ? answered.result().body().getJsonObject("payload").getString("status")
                  : BusFailure.codeOf(answered.cause()) == BusFailure.CALL_ERROR ? "CallError" : "NotSent";
              long id = created.getJsonObject("chargingProfile").getLong("id");
              return request(ProfileStoreAddresses.CHARGING_PROFILE_ANSWERED,
                  new JsonObject().put("id", id).put("answer", answer))
                  .map(stored -> session.copy().put("answer", answer).put("limitW", share.toPlainString()));
            }));
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, STORE).map(m -> m.body());
  }
}
