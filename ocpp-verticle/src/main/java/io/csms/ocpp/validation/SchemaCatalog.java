package io.csms.ocpp.validation;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One compiled schema per request and per response of every OCPP 1.6 action, built once from the official
 * draft-04 schemas shipped under {@code ocpp16/schemas/core} (see {@link CompiledSchema}: a schema using a
 * keyword it does not implement fails the load). Loading reads the classpath (blocking): call
 * {@link #load()} off the event loop. Validation allocates nothing for a valid payload and is thread-safe.
 */
public final class SchemaCatalog {
  private static final String LOCATION = "ocpp16/schemas/core/";
  private final Map<String, CompiledSchema> requests;
  private final Map<String, CompiledSchema> responses;

  private SchemaCatalog(Map<String, CompiledSchema> requests, Map<String, CompiledSchema> responses) {
    this.requests = requests;
    this.responses = responses;
  }

  public static SchemaCatalog load() {
    Map<String, CompiledSchema> requests = new HashMap<>();
    Map<String, CompiledSchema> responses = new HashMap<>();
    for (String action : union()) {
      requests.put(action, compiled(action));
      responses.put(action, compiled(action + "Response"));
    }
    return new SchemaCatalog(Map.copyOf(requests), Map.copyOf(responses));
  }

  private static Set<String> union() {
    Set<String> all = new HashSet<>(OcppActions.CHARGE_POINT_INITIATED);
    all.addAll(OcppActions.CSMS_INITIATED);
    return all;
  }

  /** The official schema of {@code file} (an action, or an action + "Response"), as shipped. */
  static JsonObject raw(String file) {
    String resource = LOCATION + file + ".json";
    try (InputStream in = SchemaCatalog.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing OCPP schema " + resource);
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read OCPP schema " + resource, e);
    }
  }

  private static CompiledSchema compiled(String file) {
    try {
      return CompiledSchema.compile(raw(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("OCPP schema " + file + " uses what we do not validate: " + e.getMessage(), e);
    }
  }

  /** Null when the CALL payload of {@code action} is valid. The action must be known. */
  public Violation checkRequest(String action, JsonObject payload) {
    return check(requests.get(action), payload);
  }

  /** Null when the CALLRESULT payload answering {@code action} is valid. The action must be known. */
  public Violation checkResponse(String action, JsonObject payload) {
    return check(responses.get(action), payload);
  }

  private static Violation check(CompiledSchema schema, JsonObject payload) {
    if (schema == null) {
      throw new IllegalArgumentException("No schema for this action");
    }
    return schema.check(payload);
  }
}
