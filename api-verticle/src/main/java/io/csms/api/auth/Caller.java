package io.csms.api.auth;

import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling: the token's subject and role, and for a USER the id of their user row (created on their
 * first request). Put on the routing context by {@link AccessGate}.
 */
public record Caller(String subject, String role, Long userId) {
  private static final String KEY = "csms.caller";

  public boolean isAdmin() {
    return Roles.ADMIN.equals(role);
  }

  public void attachTo(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  public static Caller of(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
