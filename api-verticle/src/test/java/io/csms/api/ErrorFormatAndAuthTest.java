package io.csms.api;

import static io.csms.api.ErrorShape.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.api.auth.SigningKey;
import io.csms.api.auth.TokenIssuer;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.file.Path;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one error format for every kind of failure, tokens, and the user a USER token creates. */
class ErrorFormatAndAuthTest extends ApiSliceTest {

  @Test
  void malformedJsonIs400() throws Exception {
    HttpResponse<Buffer> response = ApiFixture.await(api.request(HttpMethod.POST, "/api/admin/stations", api.admin())
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"name\": ")));
    assertEquals("bad_request", assertError(response, 400, "/api/admin/stations").getString("error_type"));
  }

  @Test
  void invalidFieldsAre422WithEachFieldListed() throws Exception {
    HttpResponse<Buffer> response = api.post("/api/admin/stations", api.admin(),
        new JsonObject().put("name", 12).put("latitude", 200));
    JsonObject error = assertError(response, 422, "/api/admin/stations");
    assertEquals("validation_error", error.getString("error_type"));
    Set<String> fields = error.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field"))
        .collect(Collectors.toSet());
    assertTrue(fields.contains("name") && fields.contains("latitude"), error.encode());
  }

  @Test
  void missingRequiredFieldAndBadQueryParameterAre422() throws Exception {
    JsonObject missing = assertError(api.post("/api/admin/tariffs", api.admin(), new JsonObject().put("name", "x")),
        422, "/api/admin/tariffs");
    assertTrue(missing.encode().contains("price_per_kwh"), missing.encode());
    JsonObject badPage = assertError(api.get("/api/admin/stations?page=0", api.admin()), 422, "/api/admin/stations");
    assertTrue(badPage.encode().contains("page"), badPage.encode());
  }

  @Test
  void unknownThingsAre404() throws Exception {
    assertError(api.get("/api/admin/stations/987654", api.admin()), 404, "/api/admin/stations/987654");
    assertError(api.get("/no/such/path", api.admin()), 404, "/no/such/path");
  }

  @Test
  void tokensForAnotherAudienceOrExpiredAreRefused() throws Exception {
    JsonObject otherAudience = api.config.copy().put("auth", new JsonObject().put("audience", "someone-else"));
    String foreign = ApiFixture.await(TokenIssuer.issue(api.vertx, otherAudience, "ADMIN", "a", null));
    assertError(api.get("/api/admin/stations", foreign), 401, "/api/admin/stations");
    // Signed with the node's own key, for the right issuer and audience, but expired an hour ago.
    SigningKey key = SigningKey.loadOrCreate(Path.of(api.config.getString("dataDir"), "jwt-signing-key.pem"));
    JWTAuth signer = JWTAuth.create(api.vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(key.privateKeyPem())));
    long now = System.currentTimeMillis() / 1000;
    String expired = signer.generateToken(new JsonObject().put("role", "ADMIN").put("sub", "a").put("iss", "csms")
        .put("aud", "csms-api").put("iat", now - 7200).put("exp", now - 3600),
        new JWTOptions().setAlgorithm("RS256").setNoTimestamp(true));
    assertError(api.get("/api/admin/stations", expired), 401, "/api/admin/stations");
    String fresh = signer.generateToken(new JsonObject().put("role", "ADMIN").put("sub", "a").put("iss", "csms")
        .put("aud", "csms-api").put("exp", now + 3600), new JWTOptions().setAlgorithm("RS256"));
    assertEquals(200, api.get("/api/admin/stations", fresh).statusCode());
    String garbage = "not.a.jwt";
    assertError(api.get("/api/admin/stations", garbage), 401, "/api/admin/stations");
  }

  @Test
  void aTokenWithoutAKnownRoleIs403() throws Exception {
    // A token whose role claim is absent (signed by the node for a different claim name).
    JsonObject otherClaim = api.config.copy().put("auth", new JsonObject().put("roleClaim", "groups"));
    String token = ApiFixture.await(TokenIssuer.issue(api.vertx, otherClaim, "ADMIN", "a", null));
    assertError(api.get("/api/admin/stations", token), 403, "/api/admin/stations");
  }

  @Test
  void aNewUserTokenCreatesTheUserWithAnEmptyWallet() throws Exception {
    String token = api.token("USER", "driver-new-1");
    HttpResponse<Buffer> me = api.get("/users/me", token);
    assertEquals(200, me.statusCode(), me.bodyAsString());
    JsonObject user = me.bodyAsJsonObject().getJsonObject("user");
    assertEquals("driver-new-1", user.getString("external_subject"));
    assertEquals("USER", user.getString("role"));
    assertEquals("0.00", user.getJsonObject("wallet").getString("balance"));
    // The same subject again is the same user.
    assertEquals(user.getLong("id"), api.get("/users/me", token).bodyAsJsonObject().getJsonObject("user").getLong("id"));
    JsonArray admins = api.get("/users?role=USER", api.admin()).bodyAsJsonObject().getJsonArray("data");
    assertEquals(1, admins.stream().filter(u -> "driver-new-1".equals(((JsonObject) u).getString("external_subject"))).count());
  }

  @Test
  void theTokenIssuerRefusesBadInput() {
    assertTrue(ApiFixture.await0(TokenIssuer.issue(api.vertx, api.config, "ROOT", "a", null)).failed());
    assertTrue(ApiFixture.await0(TokenIssuer.issue(api.vertx, api.config, "USER", " ", null)).failed());
    JsonObject external = api.config.copy().put("auth", new JsonObject().put("jwksUrl", "http://127.0.0.1:1/jwks"));
    assertTrue(ApiFixture.await0(TokenIssuer.issue(api.vertx, external, "USER", "a", null)).failed());
  }

  @Test
  void healthReportsTheDatabase() throws Exception {
    HttpResponse<Buffer> health = api.get("/health", null);
    assertEquals(200, health.statusCode());
    JsonObject body = health.bodyAsJsonObject();
    assertEquals("UP", body.getString("status"));
    assertTrue(body.encode().contains("database"), body.encode());
  }
}
