package io.csms.api;

import static io.csms.api.ErrorShape.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Tokens from an external identity provider: its PEM public key or its JWKS, its issuer and audience,
 * and a nested role claim, all from configuration. The node issues none itself.
 */
class ExternalIdentityProviderTest {
  private static final String ISSUER = "https://idp.example/realms/csms";

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static JsonObject claims(String subject, JsonArray roles) {
    return new JsonObject().put("sub", subject).put("iss", ISSUER).put("aud", "csms-api")
        .put("realm_access", new JsonObject().put("roles", roles));
  }

  @Test
  void anEcPublicKeyPemVerifiesTheProvidersTokens() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    Vertx vertx = Vertx.vertx();
    JsonObject config = new JsonObject().put("auth", new JsonObject().put("issuer", ISSUER)
        .put("roleClaim", "realm_access.roles").put("publicKeyPem", pem("PUBLIC KEY", keys.getPublic().getEncoded())));
    try (ApiFixture api = ApiFixture.start(vertx, config)) {
      JWTAuth idp = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
          .setAlgorithm("ES256").setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded()))));
      JWTOptions signing = new JWTOptions().setAlgorithm("ES256").setExpiresInMinutes(5);
      String admin = idp.generateToken(claims("ops", new JsonArray().add("offline_access").add("ADMIN")), signing);
      assertEquals(200, api.get("/api/admin/stations", admin).statusCode());
      String user = idp.generateToken(claims("kc-driver", new JsonArray().add("USER")), signing);
      assertEquals("kc-driver", api.get("/users/me", user).bodyAsJsonObject().getJsonObject("user").getString("external_subject"));
      assertError(api.get("/api/admin/stations", user), 403, "/api/admin/stations");
      String wrongIssuer = idp.generateToken(claims("ops", new JsonArray().add("ADMIN")).put("iss", "https://evil"), signing);
      assertError(api.get("/api/admin/stations", wrongIssuer), 401, "/api/admin/stations");
    } finally {
      ApiFixture.await(vertx.close());
    }
  }

  @Test
  void aJwksUrlIsFetchedAtStartAndAgainForRotatedKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair first = generator.generateKeyPair();
    KeyPair second = generator.generateKeyPair();
    AtomicReference<JsonArray> published = new AtomicReference<>(new JsonArray().add(jwk("k1", first)));
    AtomicReference<Promise<Void>> nextFetch = new AtomicReference<>(Promise.promise());
    Vertx vertx = Vertx.vertx();
    HttpServer idpServer = ApiFixture.await(vertx.createHttpServer()
        .requestHandler(request -> request.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("keys", published.get()).encode())
            .onComplete(sent -> nextFetch.get().tryComplete()))
        .listen(0, "127.0.0.1"));
    JsonObject config = new JsonObject().put("auth", new JsonObject().put("issuer", ISSUER)
        .put("roleClaim", "realm_access.roles").put("jwksRefreshSeconds", 1)
        .put("jwksUrl", "http://127.0.0.1:" + idpServer.actualPort() + "/certs"));
    try (ApiFixture api = ApiFixture.start(vertx, config)) {
      String admin = sign(vertx, "k1", first);
      assertEquals(200, api.get("/api/admin/stations", admin).statusCode());
      // Same kid and claims, signed by a key the JWKS does not hold.
      assertError(api.get("/api/admin/stations", sign(vertx, "k1", second)), 401, "/api/admin/stations");

      // The provider rotates to a new key: once the node has fetched the JWKS again, it is accepted.
      Promise<Void> fetched = Promise.promise();
      nextFetch.set(fetched);
      published.set(new JsonArray().add(jwk("k2", second)));
      ApiFixture.await(fetched.future());
      String rotated = sign(vertx, "k2", second);
      long deadline = System.currentTimeMillis() + 10_000;
      int status = api.get("/api/admin/stations", rotated).statusCode();
      while (status != 200 && System.currentTimeMillis() < deadline) {
        status = api.get("/api/admin/stations", rotated).statusCode();
      }
      assertEquals(200, status);
    } finally {
      ApiFixture.await(vertx.close());
    }
  }

  private static JsonObject jwk(String kid, KeyPair keys) {
    RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
    return new JsonObject().put("kty", "RSA").put("alg", "RS256").put("use", "sig").put("kid", kid)
        .put("n", base64Url(publicKey.getModulus())).put("e", base64Url(publicKey.getPublicExponent()));
  }

  private static String sign(Vertx vertx, String kid, KeyPair keys) {
    JWTAuth idp = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("RS256").setId(kid).setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded()))));
    return idp.generateToken(claims("ops", new JsonArray().add("ADMIN")),
        new JWTOptions().setAlgorithm("RS256").setExpiresInMinutes(5).setHeader(new JsonObject().put("kid", kid)));
  }

  private static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
