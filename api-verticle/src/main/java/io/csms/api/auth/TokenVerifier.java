package io.csms.api.auth;

import io.csms.api.ApiOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every request's bearer token: signature (the node's own key, an external PEM public key, or an
 * external JWKS), expiry, issuer and audience. A JWKS is fetched at start and again every
 * {@code auth.jwksRefreshSeconds}, so keys an identity provider rotates in are accepted without a restart
 * (a failed refresh keeps the keys already known).
 */
public final class TokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
  private volatile JWTAuth auth;

  private TokenVerifier(JWTAuth auth) {
    this.auth = auth;
  }

  /** Verifies a bearer token; fails when it is not valid. */
  public Future<User> authenticate(String token) {
    return auth.authenticate(new TokenCredentials(token));
  }

  public static Future<TokenVerifier> create(Vertx vertx, ApiOptions options) {
    JWTOptions checks = new JWTOptions().setIssuer(options.issuer()).setAudience(List.of(options.audience()))
        .setLeeway(30);
    if (options.jwksUrl() != null) {
      return jwksProvider(vertx, options.jwksUrl(), checks).map(provider -> {
        TokenVerifier verifier = new TokenVerifier(provider);
        vertx.setPeriodic(options.jwksRefreshSeconds() * 1000L, id -> jwksProvider(vertx, options.jwksUrl(), checks)
            .onSuccess(fresh -> verifier.auth = fresh)
            .onFailure(e -> LOG.warn("JWKS refresh from {} failed, keeping the known keys: {}", options.jwksUrl(),
                e.getMessage())));
        return verifier;
      });
    }
    if (options.publicKeyPem() != null) {
      String pem = options.publicKeyPem();
      String algorithm;
      try {
        algorithm = algorithmOf(pem);
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        return Future.failedFuture(new IllegalStateException("auth.publicKeyPem is not a PEM public key: "
            + e.getMessage()));
      }
      return Future.succeededFuture(new TokenVerifier(JWTAuth.create(vertx, new JWTAuthOptions().setJWTOptions(checks)
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem)))));
    }
    return vertx.executeBlocking(() -> SigningKey.loadOrCreate(options.signingKeyFile()))
        .map(key -> new TokenVerifier(ownKeyProvider(vertx, key, checks)));
  }

  private static Future<JWTAuth> jwksProvider(Vertx vertx, String url, JWTOptions checks) {
    return fetchJwks(vertx, url).map(keys -> {
      JWTAuthOptions auth = new JWTAuthOptions().setJWTOptions(checks);
      keys.stream().map(JsonObject.class::cast).forEach(auth::addJwk);
      return JWTAuth.create(vertx, auth);
    });
  }

  static JWTAuth ownKeyProvider(Vertx vertx, SigningKey key, JWTOptions checks) {
    return JWTAuth.create(vertx, new JWTAuthOptions().setJWTOptions(checks)
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(key.publicKeyPem()))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(key.privateKeyPem())));
  }

  /** RS256 for an RSA key; ES256, ES384 or ES512 for an EC key, after its curve. */
  static String algorithmOf(String pem) throws GeneralSecurityException {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(body));
    try {
      KeyFactory.getInstance("RSA").generatePublic(spec);
      return "RS256";
    } catch (InvalidKeySpecException notRsa) {
      ECPublicKey ec = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return bits <= 256 ? "ES256" : bits <= 384 ? "ES384" : "ES512";
    }
  }

  private static Future<JsonArray> fetchJwks(Vertx vertx, String url) {
    HttpClient client = vertx.createHttpClient();
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
        .compose(request -> request.send())
        .compose(response -> response.statusCode() == 200
            ? response.body()
            : Future.failedFuture("JWKS " + url + " answered HTTP " + response.statusCode()))
        .map(Buffer::toJsonObject)
        .map(jwks -> {
          JsonArray keys = jwks.getJsonArray("keys");
          if (keys == null || keys.isEmpty()) {
            throw new IllegalStateException("JWKS " + url + " holds no keys");
          }
          return keys;
        })
        .eventually(client::close);
  }
}
