package io.csms.api.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;

/** The two roles of the API and how a token's role claim is read. */
public final class Roles {
  public static final String ADMIN = "ADMIN";
  public static final String USER = "USER";

  private Roles() {
  }

  /**
   * The caller's role from the claim at {@code roleClaim} (a dotted path; a string or an array of
   * strings): ADMIN when it holds ADMIN, else USER when it holds USER, else null.
   */
  public static String of(User user, String roleClaim) {
    Object value = user.principal();
    if (user.attributes() != null && user.attributes().getJsonObject("accessToken") != null) {
      value = user.attributes().getJsonObject("accessToken");
    }
    for (String part : roleClaim.split("\\.")) {
      value = value instanceof JsonObject object ? object.getValue(part) : null;
    }
    boolean admin = holds(value, ADMIN);
    if (admin) {
      return ADMIN;
    }
    return holds(value, USER) ? USER : null;
  }

  private static boolean holds(Object claim, String role) {
    if (claim instanceof String s) {
      return s.equalsIgnoreCase(role);
    }
    if (claim instanceof JsonArray array) {
      return array.stream().anyMatch(v -> v instanceof String s && s.equalsIgnoreCase(role));
    }
    return false;
  }
}
