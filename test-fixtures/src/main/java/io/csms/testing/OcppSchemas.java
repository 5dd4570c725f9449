package io.csms.testing;

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

/**
 * The test client's own reading of the official OCPP 1.6 schemas (the copies shipped on the classpath
 * under {@code ocpp16/schemas/core}), independent of the server's validation code.
 */
final class OcppSchemas {
  private static final SchemaRepository REPOSITORY = SchemaRepository.create(new JsonSchemaOptions()
      .setDraft(Draft.DRAFT4).setBaseUri("https://csms.test/").setOutputFormat(OutputFormat.Basic));
  private static final Map<String, Validator> VALIDATORS = new ConcurrentHashMap<>();

  private OcppSchemas() {
  }

  /** Null when valid, else a description of every violation. */
  static String violations(String schemaFile, JsonObject payload) {
    Validator validator = VALIDATORS.computeIfAbsent(schemaFile, OcppSchemas::load);
    OutputUnit result = validator.validate(payload);
    if (Boolean.TRUE.equals(result.getValid())) {
      return null;
    }
    return schemaFile + ": " + result.getErrors();
  }

  private static synchronized Validator load(String schemaFile) {
    String resource = "ocpp16/schemas/core/" + schemaFile + ".json";
    try (InputStream in = OcppSchemas.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("No schema " + resource + " on the test classpath");
      }
      JsonObject raw = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      REPOSITORY.dereference(JsonSchema.of(raw));
      return REPOSITORY.validator(raw.getString("id"));
    } catch (IOException e) {
      throw new IllegalStateException(resource, e);
    }
  }
}
