package io.csms.api.routes;

import static io.csms.api.routes.Endpoint.answer;
import static io.csms.api.routes.Endpoint.ask;
import static io.csms.api.routes.Endpoint.forwardPage;
import static io.csms.api.routes.Endpoint.paged;
import static io.csms.api.routes.Endpoint.request;

import io.csms.api.auth.Caller;
import io.csms.api.http.ApiException;
import io.csms.bus.AdminStoreAddresses;
import io.csms.bus.PersistenceAddresses;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.function.UnaryOperator;

/**
 * Users, wallets and vehicle profiles under {@code /users}. {@link io.csms.api.auth.AccessGate} has
 * already made sure a USER names only their own {@code user_id}.
 */
public final class UserRoutes {
  private UserRoutes() {
  }

  public static void mount(RouterBuilder rb) {
    rb.getRoute("listUsers").addHandler(forwardPage(AdminStoreAddresses.USER_LIST));
    rb.getRoute("listMySessions").addHandler(UserRoutes::mySessions);
    rb.getRoute("getMe").addHandler(ctx -> {
      Long userId = Caller.of(ctx).userId();
      if (userId == null) {
        ctx.fail(new ApiException(404, "This ADMIN token's subject is not a user"));
        return;
      }
      ask(ctx, AdminStoreAddresses.USER_GET, new JsonObject().put("id", userId))
          .onSuccess(reply -> answer(ctx, 200, reply)).onFailure(ctx::fail);
    });
    rb.getRoute("getUser").addHandler(user(r -> new JsonObject().put("id", r.getLong("userId")), AdminStoreAddresses.USER_GET, null));
    rb.getRoute("updateUser").addHandler(UserRoutes::updateProfile);
    rb.getRoute("setUserRole").addHandler(user(r -> new JsonObject().put("id", r.getLong("userId"))
        .put("role", r.getString("role")), AdminStoreAddresses.USER_UPDATE, "User role updated successfully"));
    rb.getRoute("setUserActive").addHandler(user(r -> new JsonObject().put("id", r.getLong("userId"))
        .put("isActive", r.getBoolean("isActive")), AdminStoreAddresses.USER_UPDATE, "User status updated successfully"));
    rb.getRoute("listUserTransactions").addHandler(UserRoutes::transactions);
    rb.getRoute("getUserTransactionsSummary").addHandler(UserRoutes::summary);
    rb.getRoute("listWalletTransactions").addHandler(forwardPage(AdminStoreAddresses.WALLET_LEDGER));
    rb.getRoute("topUpWallet").addHandler(UserRoutes::topUp);
    rb.getRoute("adjustWallet").addHandler(UserRoutes::adjust);
    rb.getRoute("listVehicleProfiles").addHandler(user(UnaryOperator.identity(), AdminStoreAddresses.VEHICLE_LIST, null));
    rb.getRoute("createVehicleProfile").addHandler(vehicle(AdminStoreAddresses.VEHICLE_CREATE, 201, "Vehicle profile created successfully"));
    rb.getRoute("updateVehicleProfile").addHandler(vehicle(AdminStoreAddresses.VEHICLE_UPDATE, 200, "Vehicle profile updated successfully"));
    rb.getRoute("deleteVehicleProfile").addHandler(vehicle(AdminStoreAddresses.VEHICLE_DELETE, 200, "Vehicle profile deleted successfully"));
  }

  private static Handler<RoutingContext> user(UnaryOperator<JsonObject> toStore, String address, String message) {
    return ctx -> ask(ctx, address, toStore.apply(request(ctx)))
        .onSuccess(reply -> answer(ctx, 200, message == null ? reply : reply.put("message", message)))
        .onFailure(ctx::fail);
  }

  private static Handler<RoutingContext> vehicle(String address, int status, String message) {
    return ctx -> {
      JsonObject req = request(ctx);
      if (req.containsKey("vehicleId")) {
        req.put("id", req.remove("vehicleId"));
      }
      ask(ctx, address, req).onSuccess(reply -> answer(ctx, status, reply.put("message", message))).onFailure(ctx::fail);
    };
  }

  private static void updateProfile(RoutingContext ctx) {
    JsonObject req = request(ctx);
    if (req.containsKey("rfidIdTag") && !Caller.of(ctx).isAdmin()) {
      ctx.fail(new ApiException(403, "Only an ADMIN may change an RFID tag"));
      return;
    }
    req.put("id", req.remove("userId"));
    ask(ctx, AdminStoreAddresses.USER_UPDATE, req)
        .onSuccess(reply -> answer(ctx, 200, reply.put("message", "User updated successfully")))
        .onFailure(ctx::fail);
  }

  private static void mySessions(RoutingContext ctx) {
    JsonObject req = request(ctx);
    Long userId = Caller.of(ctx).userId();
    if (userId == null) {
      // An ADMIN token whose subject is no driver has no sessions of its own.
      answer(ctx, 200, paged(req, new JsonObject().put("data", new JsonArray()).put("total", 0)));
      return;
    }
    ask(ctx, AdminStoreAddresses.TRANSACTION_LIST, req.put("userId", userId))
        .onSuccess(reply -> answer(ctx, 200, paged(req, reply)))
        .onFailure(ctx::fail);
  }

  private static void transactions(RoutingContext ctx) {
    JsonObject req = request(ctx);
    ask(ctx, AdminStoreAddresses.USER_GET, new JsonObject().put("id", req.getLong("userId")))
        .compose(user -> ask(ctx, AdminStoreAddresses.TRANSACTION_LIST, req))
        .onSuccess(reply -> answer(ctx, 200, paged(req, reply)))
        .onFailure(ctx::fail);
  }

  private static void summary(RoutingContext ctx) {
    long userId = request(ctx).getLong("userId");
    ask(ctx, AdminStoreAddresses.USER_GET, new JsonObject().put("id", userId))
        .compose(user -> ask(ctx, AdminStoreAddresses.TRANSACTION_LIST,
            new JsonObject().put("userId", userId).put("page", 1).put("limit", 1)))
        .onSuccess(reply -> answer(ctx, 200, reply.getJsonObject("summary").put("userId", userId)))
        .onFailure(ctx::fail);
  }

  private static void topUp(RoutingContext ctx) {
    JsonObject req = request(ctx);
    JsonObject topUp = new JsonObject().put("userId", req.getLong("userId")).put("amount", req.getString("amount"));
    if (req.getString("description") != null) {
      topUp.put("description", req.getString("description"));
    }
    // The billing store checks the amount (> 0) and the user, and applies a key at most once.
    ledgerEntry(ctx, PersistenceAddresses.WALLET_TOP_UP, topUp, "Wallet topped up successfully");
  }

  private static void adjust(RoutingContext ctx) {
    JsonObject req = request(ctx);
    JsonObject entry = new JsonObject().put("userId", req.getLong("userId")).put("entryType", req.getString("entryType"))
        .put("amount", req.getString("amount")).put("description", req.getString("description"));
    if (req.getValue("transactionId") instanceof Number transactionId) {
      entry.put("transactionId", transactionId.longValue());
    }
    // The billing store checks the sign per entry type, the user and transaction, and never overdraws.
    ledgerEntry(ctx, PersistenceAddresses.WALLET_ADJUST, entry, "Wallet adjusted successfully");
  }

  /** A ledger entry through billing's store, applied once per Idempotency-Key: 201, or 200 for a repeat. */
  private static void ledgerEntry(RoutingContext ctx, String address, JsonObject entry, String appliedMessage) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null && !key.isBlank()) {
      entry.put("idempotencyKey", key);
    }
    ask(ctx, address, entry)
        .onSuccess(reply -> {
          boolean duplicate = reply.getBoolean("duplicate", false);
          reply.put("message", duplicate ? "This Idempotency-Key was already applied" : appliedMessage);
          answer(ctx, duplicate ? 200 : 201, reply);
        })
        .onFailure(ctx::fail);
  }

}
