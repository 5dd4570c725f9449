package io.csms.ocpp.validation;

import io.csms.ocpp.framing.ErrorCode;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One validator per request and per response schema of every OCPP 1.6 action, built once from the official
 * draft-04 schemas shipped under {@code ocpp16/schemas/core}. Loading reads the classpath (blocking): call
 * {@link #load()} off the event loop. Validation itself is cheap and thread-safe.
 */
public final class SchemaCatalog {
  private static final String LOCATION = "ocpp16/schemas/core/";
  private final Map<String, Validator> requests;
  private final Map<String, Validator> responses;

  private SchemaCatalog(Map<String, Validator> requests, Map<String, Validator> responses) {
    this.requests = requests;
    this.responses = responses;
  }

  public static SchemaCatalog load() {
    SchemaRepository repository = SchemaRepository.create(new JsonSchemaOptions()
        .setDraft(Draft.DRAFT4).setBaseUri("https://csms.io/ocpp16/").setOutputFormat(OutputFormat.Basic));
    Map<String, Validator> requests = new HashMap<>();
    Map<String, Validator> responses = new HashMap<>();
    for (String action : union()) {
      requests.put(action, validator(repository, action));
      responses.put(action, validator(repository, action + "Response"));
    }
    return new SchemaCatalog(Map.copyOf(requests), Map.copyOf(responses));
  }

  private static java.util.Set<String> union() {
    java.util.Set<String> all = new java.util.HashSet<>(OcppActions.CHARGE_POINT_INITIATED);
    all.addAll(OcppActions.CSMS_INITIATED);
    return all;
  }

  private static Validator validator(SchemaRepository repository, String file) {
    String resource = LOCATION + file + ".json";
    try (InputStream in = SchemaCatalog.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing OCPP schema " + resource);
      }
      JsonObject raw = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      repository.dereference(JsonSchema.of(raw));
      // Schemas are looked up by their own id URN: a name of our own is not resolved.
      return repository.validator(raw.getString("id"));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read OCPP schema " + resource, e);
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

  private static Violation check(Validator validator, JsonObject payload) {
    if (validator == null) {
      throw new IllegalArgumentException("No schema for this action");
    }
    OutputUnit result = validator.validate(payload);
    if (Boolean.TRUE.equals(result.getValid())) {
      return null;
    }
    return classify(result.getErrors());
  }

  /**
   * Maps schema errors to a CALLERROR code by keyword (never by count: a failing declared property also
   * yields an "additionalProperties" error). The most specific class wins: a missing field, then a wrong
   * type, then a wrong value, then an undeclared field.
   */
  static Violation classify(List<OutputUnit> errors) {
    OutputUnit chosen = null;
    int chosenRank = Integer.MAX_VALUE;
    if (errors != null) {
      for (OutputUnit error : errors) {
        int rank = rank(keywordOf(error));
        if (rank < chosenRank) {
          chosen = error;
          chosenRank = rank;
        }
      }
    }
    if (chosen == null) {
      return new Violation(ErrorCode.FormationViolation, "The payload does not match its schema",
          new JsonObject());
    }
    String keyword = keywordOf(chosen);
    String location = chosen.getInstanceLocation() == null ? "" : chosen.getInstanceLocation();
    JsonObject details = new JsonObject().put("keyword", keyword).put("instanceLocation", location);
    String where = location.isEmpty() || "#".equals(location) ? "payload" : location;
    String description = where + ": " + (chosen.getError() == null ? keyword : chosen.getError());
    return new Violation(codeOf(keyword), description, details);
  }

  private static String keywordOf(OutputUnit error) {
    String location = error.getKeywordLocation();
    if (location == null) {
      return "";
    }
    int slash = location.lastIndexOf('/');
    return slash < 0 ? location : location.substring(slash + 1);
  }

  private static int rank(String keyword) {
    return switch (codeOf(keyword)) {
      case OccurenceConstraintViolation -> 0;
      case TypeConstraintViolation -> 1;
      case PropertyConstraintViolation -> 2;
      default -> 3;
    };
  }

  private static ErrorCode codeOf(String keyword) {
    return switch (keyword) {
      case "required", "minItems", "maxItems" -> ErrorCode.OccurenceConstraintViolation;
      case "type" -> ErrorCode.TypeConstraintViolation;
      case "enum", "maxLength", "minLength", "format", "minimum", "maximum", "exclusiveMinimum",
           "exclusiveMaximum", "pattern", "multipleOf" -> ErrorCode.PropertyConstraintViolation;
      // additionalProperties (an undeclared field) and anything else: not the PDU's structure.
      default -> ErrorCode.FormationViolation;
    };
  }
}
