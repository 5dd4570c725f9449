package io.csms.api.auth;

import io.csms.api.ApiOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Issues tokens signed with the node's own key (the embedded default; with an external identity
 * provider configured the node issues none). Backs {@code java -jar csms.jar token --role ADMIN|USER
 * --subject ID [--ttl DURATION]} and the ADMIN token printed in demo mode.
 */
public final class TokenIssuer {
  private static final Set<String> ROLES = Set.of(Roles.ADMIN, Roles.USER);

  private TokenIssuer() {
  }

  /**
   * Issues a token on a running Vert.x. {@code ttl} null means {@code auth.tokenTtlMinutes}. Fails when an
   * external identity provider is configured, the role is not ADMIN or USER, or the subject is blank.
   */
  public static Future<String> issue(Vertx vertx, JsonObject config, String role, String subject, Duration ttl) {
    ApiOptions options = new ApiOptions(config);
    if (options.externalIdentityProvider()) {
      return Future.failedFuture(new IllegalStateException(
          "auth.jwksUrl or auth.publicKeyPem is set: tokens come from the external identity provider"));
    }
    if (role == null || !ROLES.contains(role)) {
      return Future.failedFuture(new IllegalArgumentException("role must be ADMIN or USER"));
    }
    if (subject == null || subject.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("subject must not be blank"));
    }
    Duration lifetime = ttl != null ? ttl : Duration.ofMinutes(options.tokenTtlMinutes());
    if (lifetime.isNegative() || lifetime.isZero()) {
      return Future.failedFuture(new IllegalArgumentException("ttl must be positive"));
    }
    return vertx.executeBlocking(() -> SigningKey.loadOrCreate(options.signingKeyFile())).map(key -> {
      JWTOptions signing = new JWTOptions().setAlgorithm("RS256").setIssuer(options.issuer())
          .setAudience(List.of(options.audience())).setSubject(subject)
          .setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds()));
      return TokenVerifier.ownKeyProvider(vertx, key, new JWTOptions())
          .generateToken(claimFor(options.roleClaim(), role), signing);
    });
  }

  /**
   * The same for a command line: starts a small Vert.x, issues, closes it. Blocks the calling thread (do
   * not call it on an event loop). Throws {@link IllegalArgumentException} or {@link IllegalStateException}
   * with a message fit for the user.
   */
  public static String issueBlocking(JsonObject config, String role, String subject, Duration ttl) {
    Vertx vertx = Vertx.vertx();
    try {
      return issue(vertx, config, role, subject, ttl).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("timed out issuing the token");
    } finally {
      vertx.close();
    }
  }

  /** {@code {"role": "ADMIN"}}, or nested objects for a dotted claim path such as {@code realm.role}. */
  private static JsonObject claimFor(String roleClaim, String role) {
    String[] path = roleClaim.split("\\.");
    JsonObject claims = new JsonObject();
    JsonObject at = claims;
    for (int i = 0; i < path.length - 1; i++) {
      JsonObject next = new JsonObject();
      at.put(path[i], next);
      at = next;
    }
    at.put(path[path.length - 1], role);
    return claims;
  }
}
