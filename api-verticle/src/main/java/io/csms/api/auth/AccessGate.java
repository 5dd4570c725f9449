package io.csms.api.auth;

import io.csms.api.http.ApiException;
import io.csms.api.http.ErrorResponses;
import io.csms.api.http.RateLimiter;
import io.csms.bus.AdminStoreAddresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before the OpenAPI router for every request: finds the operation in the contract, authenticates
 * its bearer token (401), checks the operation's {@code x-roles} and that a USER names only their own
 * {@code user_id} (403), then applies the rate limit (429). Doing this ahead of the router means a USER
 * sending a bad body to an ADMIN operation is told 403, not 422. An operation without {@code x-roles}
 * is ADMIN-only unless its {@code security} is empty (public).
 *
 * <p>A token with the ADMIN role is an ADMIN. A USER token names a user (created on first sight); that
 * user's recorded role and active flag then apply, so an ADMIN can promote or deactivate a driver through
 * the API. What is recorded is re-read at most {@code auth.userCacheSeconds} later.
 */
public final class AccessGate implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(AccessGate.class);
  private static final int KNOWN_SUBJECTS = 10_000;
  private static final ApiException INVALID_TOKEN = new ApiException(401, "The bearer token is not valid");

  /** A USER token's user as recorded, and until when that is trusted without asking again. */
  private record KnownUser(long userId, String role, boolean active, long until) {
  }

  private final Vertx vertx;
  private final OpenAPIContract contract;
  private final TokenVerifier tokens;
  private final String roleClaim;
  private final RateLimiter rateLimiter;
  private final long knownForMillis;
  // USER callers seen recently, so most requests need no lookup
  private final Map<String, KnownUser> users = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KnownUser> eldest) {
          return size() > KNOWN_SUBJECTS;
        }
      });

  public AccessGate(Vertx vertx, OpenAPIContract contract, TokenVerifier tokens, String roleClaim, RateLimiter rateLimiter,
                    int userCacheSeconds) {
    this.vertx = vertx;
    this.knownForMillis = userCacheSeconds * 1000L;
    this.contract = contract;
    this.tokens = tokens;
    this.roleClaim = roleClaim;
    this.rateLimiter = rateLimiter;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Operation operation = contract.findOperation(ctx.request().path(), ctx.request().method());
    String anonymous = "ip:" + clientAddress(ctx);
    if (operation == null || isPublic(operation)) {
      limit(ctx, anonymous, ctx::next);
      return;
    }
    String token = bearerToken(ctx);
    if (token == null) {
      // Refused requests count against the client's address, so a flood of them is throttled too.
      limit(ctx, anonymous, () -> ctx.fail(new ApiException(401, "A bearer token is required")));
      return;
    }
    tokens.authenticate(token)
        .compose(user -> {
          String role = Roles.of(user, roleClaim);
          String subject = user.subject() != null ? user.subject() : user.principal().getString("sub");
          if (role == null || subject == null || subject.isBlank()) {
            return Future.failedFuture(new ApiException(403, "The token carries no usable role or subject"));
          }
          return resolve(subject, role);
        }, invalid -> Future.failedFuture(INVALID_TOKEN))
        .compose(caller -> allowedRoles(operation).contains(caller.role())
            ? Future.succeededFuture(caller)
            : Future.failedFuture(new ApiException(403, "This operation needs the role "
                + String.join(" or ", allowedRoles(operation)))))
        .onSuccess(caller -> {
          caller.attachTo(ctx);
          if (!caller.isAdmin() && !ownsPath(caller, operation, ctx.request().path())) {
            ctx.fail(new ApiException(403, "A USER may only reach their own data"));
            return;
          }
          limit(ctx, "sub:" + caller.subject(), ctx::next);
        })
        .onFailure(e -> {
          if (e == INVALID_TOKEN) {
            limit(ctx, anonymous, () -> ctx.fail(e));
          } else {
            ctx.fail(e);
          }
        });
  }

  private Future<Caller> resolve(String subject, String role) {
    if (Roles.ADMIN.equals(role)) {
      return Future.succeededFuture(new Caller(subject, role, null));
    }
    KnownUser known = users.get(subject);
    Future<KnownUser> user = known != null && known.until() > System.currentTimeMillis()
        ? Future.succeededFuture(known)
        // A USER's first request creates their user and empty wallet (the seed's user-created webhook).
        : vertx.eventBus().<JsonObject>request(AdminStoreAddresses.USER_ENSURE, new JsonObject().put("subject", subject))
            .map(reply -> {
              JsonObject body = reply.body();
              KnownUser fresh = new KnownUser(body.getLong("userId"), body.getString("role", Roles.USER),
                  body.getBoolean("active", true), System.currentTimeMillis() + knownForMillis);
              users.put(subject, fresh);
              return fresh;
            });
    return user.compose(u -> u.active()
        ? Future.succeededFuture(new Caller(subject, Roles.ADMIN.equals(u.role()) ? Roles.ADMIN : Roles.USER, u.userId()))
        : Future.failedFuture(new ApiException(403, "This account is deactivated")));
  }

  /** Counts the request against {@code key}; runs {@code allowed} within the limit, else answers 429. */
  private void limit(RoutingContext ctx, String key, Runnable allowed) {
    if (rateLimiter == null) {
      allowed.run();
      return;
    }
    rateLimiter.take(key).onComplete(ar -> {
      if (ar.failed()) {
        // Counting is a protection, not a dependency: a Redis hiccup must not take the API down.
        LOG.warn("Rate limit not checked: {}", ar.cause().getMessage());
        allowed.run();
      } else if (ar.result().allowed()) {
        allowed.run();
      } else {
        ctx.response().putHeader("Retry-After", String.valueOf(ar.result().retryAfterSeconds()));
        ErrorResponses.send(ctx, 429, "Rate limit exceeded; retry after " + ar.result().retryAfterSeconds()
            + " s", null);
      }
    });
  }

  /** The roles an operation allows, from its {@code x-roles} extension (ADMIN when absent). */
  public static List<String> allowedRoles(Operation operation) {
    Object roles = operation.getExtensions().get("x-roles");
    if (roles instanceof JsonArray array) {
      return array.stream().map(String::valueOf).toList();
    }
    if (roles instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return List.of(Roles.ADMIN);
  }

  /** True when the operation declares {@code security: []}. */
  public static boolean isPublic(Operation operation) {
    JsonArray security = operation.getOpenAPIModel().getJsonArray("security");
    return security != null && security.isEmpty();
  }

  /** A USER may name only their own id in a {@code {user_id}} path segment. */
  private static boolean ownsPath(Caller caller, Operation operation, String path) {
    String[] template = operation.getOpenAPIPath().split("/");
    String[] actual = path.split("/");
    for (int i = 0; i < template.length && i < actual.length; i++) {
      if (template[i].equals("{user_id}")) {
        return actual[i].equals(String.valueOf(caller.userId()));
      }
    }
    return true;
  }

  private static String bearerToken(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static String clientAddress(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
  }
}
