package io.csms.api;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The API verticle's configuration, read from the whole CSMS configuration object. Defaults apply when a
 * key is absent.
 *
 * <ul>
 *   <li>{@code host}: interface to listen on, default {@code 0.0.0.0}.</li>
 *   <li>{@code http.port}: default 8080; 0 picks a free port (see {@link ApiVerticle#actualPort()}).</li>
 *   <li>{@code http.rateLimitPerMinute}: requests per token subject (or client IP when anonymous) per
 *       minute, default 600; 0 disables rate limiting.</li>
 *   <li>{@code ocpp.callTimeoutSeconds}: how long a command to a charger may wait for its answer (sent
 *       with each CALL, so an API-only node applies the same value), default 30.</li>
 *   <li>{@code auth.issuer}: required {@code iss} of tokens, default {@code csms}.</li>
 *   <li>{@code auth.audience}: required {@code aud} of tokens, default {@code csms-api}.</li>
 *   <li>{@code auth.roleClaim}: claim holding the role (ADMIN or USER, a string or an array; a dotted
 *       path reaches nested claims such as {@code realm_access.roles}), default {@code role}.</li>
 *   <li>{@code auth.jwksUrl}: an external identity provider's JWKS; when set (or {@code publicKeyPem})
 *       the node only verifies tokens and does not issue any. Default none.</li>
 *   <li>{@code auth.jwksRefreshSeconds}: how often the JWKS is fetched again (keys rotated in by the
 *       provider), default 900.</li>
 *   <li>{@code auth.publicKeyPem}: an external provider's RS256/ES256 public key (PEM). Default none.</li>
 *   <li>{@code auth.signingKeyFile}: the node's own RS256 PKCS#8 signing key, created on first start;
 *       default {@code <dataDir>/jwt-signing-key.pem}. Give every node of a cluster the same file.</li>
 *   <li>{@code auth.tokenTtlMinutes}: lifetime of tokens the node issues, default 60.</li>
 *   <li>{@code auth.userCacheSeconds}: how long a USER token's recorded user (id, role, active) is
 *       trusted before it is read again, default 30.</li>
 *   <li>{@code dataDir}: default {@code ./data}.</li>
 *   <li>{@code redis.url}: when set, rate-limit counters live in Redis (shared by every node) and
 *       {@code /health} checks Redis. Default none: counters in memory.</li>
 *   <li>{@code redis.keyPrefix}: prefix of the API's Redis keys, default {@code csms:}.</li>
 * </ul>
 */
public final class ApiOptions {
  private final String host;
  private final int port;
  private final int rateLimitPerMinute;
  private final int commandTimeoutSeconds;
  private final String issuer;
  private final String audience;
  private final String roleClaim;
  private final String jwksUrl;
  private final int jwksRefreshSeconds;
  private final String publicKeyPem;
  private final Path signingKeyFile;
  private final int tokenTtlMinutes;
  private final int userCacheSeconds;
  private final String redisUrl;
  private final String redisKeyPrefix;

  public ApiOptions(JsonObject config) {
    JsonObject http = section(config, "http");
    JsonObject auth = section(config, "auth");
    this.host = config.getString("host", "0.0.0.0");
    this.port = http.getInteger("port", 8080);
    this.rateLimitPerMinute = http.getInteger("rateLimitPerMinute", 600);
    this.commandTimeoutSeconds = section(config, "ocpp").getInteger("callTimeoutSeconds", 30);
    this.issuer = auth.getString("issuer", "csms");
    this.audience = auth.getString("audience", "csms-api");
    this.roleClaim = auth.getString("roleClaim", "role");
    this.jwksUrl = blankToNull(auth.getString("jwksUrl"));
    this.jwksRefreshSeconds = Math.max(1, auth.getInteger("jwksRefreshSeconds", 900));
    this.publicKeyPem = blankToNull(auth.getString("publicKeyPem"));
    String dataDir = config.getString("dataDir", "./data");
    String keyFile = blankToNull(auth.getString("signingKeyFile"));
    this.signingKeyFile = keyFile != null ? Path.of(keyFile) : Path.of(dataDir, "jwt-signing-key.pem");
    this.tokenTtlMinutes = auth.getInteger("tokenTtlMinutes", 60);
    this.userCacheSeconds = Math.max(0, auth.getInteger("userCacheSeconds", 30));
    this.redisUrl = blankToNull(section(config, "redis").getString("url"));
    this.redisKeyPrefix = section(config, "redis").getString("keyPrefix", "csms:");
  }

  private static JsonObject section(JsonObject config, String name) {
    JsonObject section = config.getJsonObject(name);
    return section == null ? new JsonObject() : section;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public int rateLimitPerMinute() {
    return rateLimitPerMinute;
  }

  public int commandTimeoutSeconds() {
    return commandTimeoutSeconds;
  }

  public String issuer() {
    return issuer;
  }

  public String audience() {
    return audience;
  }

  public String roleClaim() {
    return roleClaim;
  }

  public String jwksUrl() {
    return jwksUrl;
  }

  public int jwksRefreshSeconds() {
    return jwksRefreshSeconds;
  }

  public String publicKeyPem() {
    return publicKeyPem;
  }

  /** True when tokens come from an external identity provider and this node must not issue any. */
  public boolean externalIdentityProvider() {
    return jwksUrl != null || publicKeyPem != null;
  }

  public Path signingKeyFile() {
    return signingKeyFile;
  }

  public int tokenTtlMinutes() {
    return tokenTtlMinutes;
  }

  public int userCacheSeconds() {
    return userCacheSeconds;
  }

  public String redisUrl() {
    return redisUrl;
  }

  public String redisKeyPrefix() {
    return redisKeyPrefix;
  }
}
