package io.csms.simulator;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Validates payloads against the official OCPP 1.6 JSON schemas (ocpp-verticle's copies, test classpath). */
final class OcppSchemaCheck {
  private static final SchemaRepository REPOSITORY = SchemaRepository.create(new JsonSchemaOptions()
      .setDraft(Draft.DRAFT4).setBaseUri("https://simulator.test/").setOutputFormat(OutputFormat.Basic));
  private static final Map<String, Validator> VALIDATORS = new ConcurrentHashMap<>();

  private OcppSchemaCheck() {
  }

  /** Null when {@code payload} conforms to schema {@code name} (e.g. "MeterValues", "ResetResponse"). */
  static String violations(String name, JsonObject payload) {
    OutputUnit result = VALIDATORS.computeIfAbsent(name, OcppSchemaCheck::load).validate(payload);
    return Boolean.TRUE.equals(result.getValid()) ? null : name + " " + payload.encode() + ": " + result.getErrors();
  }

  private static synchronized Validator load(String name) {
    String resource = "ocpp16/schemas/core/" + name + ".json";
    try (InputStream in = OcppSchemaCheck.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no schema " + resource);
      }
      JsonObject raw = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      REPOSITORY.dereference(JsonSchema.of(raw));
      return REPOSITORY.validator(raw.getString("id"));
    } catch (IOException e) {
      throw new IllegalStateException(resource, e);
    }
  }
}
