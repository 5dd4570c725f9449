package io.csms.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The command-line side of tokens: what {@code csms.jar token} relies on. */
class TokenIssuerTest {

  @Test
  void theNodeKeyIsCreatedOnceAndTokensCarryRoleSubjectAndExpiry() throws Exception {
    Path dataDir = Files.createTempDirectory("csms-token");
    JsonObject config = new JsonObject().put("dataDir", dataDir.toString());
    String token = TokenIssuer.issueBlocking(config, "USER", "driver-7", Duration.ofHours(2));
    Path key = dataDir.resolve("jwt-signing-key.pem");
    assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
    String keyBefore = Files.readString(key);
    String[] parts = token.split("\\.");
    assertEquals(3, parts.length);
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1])));
    assertEquals("USER", claims.getString("role"));
    assertEquals("driver-7", claims.getString("sub"));
    assertEquals("csms", claims.getString("iss"));
    long lifetime = claims.getLong("exp") - claims.getLong("iat");
    assertEquals(7200, lifetime);
    TokenIssuer.issueBlocking(config, "ADMIN", "ops", null);
    assertEquals(keyBefore, Files.readString(key), "the key is reused, not replaced");
  }

  @Test
  void badRequestsAreRefusedWithAReason() {
    JsonObject config = new JsonObject().put("dataDir", System.getProperty("java.io.tmpdir"));
    assertThrows(IllegalArgumentException.class, () -> TokenIssuer.issueBlocking(config, "GOD", "x", null));
    JsonObject external = new JsonObject().put("auth", new JsonObject().put("publicKeyPem", "-----BEGIN PUBLIC KEY-----"));
    assertThrows(IllegalStateException.class, () -> TokenIssuer.issueBlocking(external, "USER", "x", null));
  }
}
