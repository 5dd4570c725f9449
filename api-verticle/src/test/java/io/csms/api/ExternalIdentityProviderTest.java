package io.csms.api;

import static io.csms.api.ErrorShape.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
  void aJwksUrlIsFetchedAtStart() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
    JsonObject jwk = new JsonObject().put("kty", "RSA").put("alg", "RS256").put("use", "sig").put("kid", "k1")
        .put("n", base64Url(publicKey.getModulus())).put("e", base64Url(publicKey.getPublicExponent()));
    Vertx vertx = Vertx.vertx();
    HttpServer idpServer = ApiFixture.await(vertx.createHttpServer()
        .requestHandler(request -> request.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("keys", new JsonArray().add(jwk)).encode()))
        .listen(0, "127.0.0.1"));
    JsonObject config = new JsonObject().put("auth", new JsonObject().put("issuer", ISSUER)
        .put("roleClaim", "realm_access.roles")
        .put("jwksUrl", "http://127.0.0.1:" + idpServer.actualPort() + "/certs"));
    try (ApiFixture api = ApiFixture.start(vertx, config)) {
      JWTAuth idp = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
          .setAlgorithm("RS256").setId("k1").setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded()))));
      String admin = idp.generateToken(claims("ops", new JsonArray().add("ADMIN")),
          new JWTOptions().setAlgorithm("RS256").setExpiresInMinutes(5).setHeader(new JsonObject().put("kid", "k1")));
      assertEquals(200, api.get("/api/admin/stations", admin).statusCode());
      // Same kid and claims, signed by a key the JWKS does not hold.
      JWTAuth impostor = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
          .setAlgorithm("RS256").setId("k1").setBuffer(pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded()))));
      String forged = impostor.generateToken(claims("ops", new JsonArray().add("ADMIN")),
          new JWTOptions().setAlgorithm("RS256").setExpiresInMinutes(5).setHeader(new JsonObject().put("kid", "k1")));
      assertError(api.get("/api/admin/stations", forged), 401, "/api/admin/stations");
    } finally {
      ApiFixture.await(vertx.close());
    }
  }

  private static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
