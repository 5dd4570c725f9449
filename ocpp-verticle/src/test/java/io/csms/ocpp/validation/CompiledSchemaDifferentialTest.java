package io.csms.ocpp.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.ocpp.framing.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.math.BigInteger;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledSchema} against vertx-json-schema (the reference, test scope only) on every official
 * OCPP 1.6 core schema: payloads built valid from each schema, and mutations of them at every field. Both
 * must give the same verdict and, for invalid payloads, the same CALLERROR code (the reference's errors
 * classified by keyword as SchemaCatalog used to). Where they differ on purpose, {@link Known} says why and
 * the test requires exactly that difference:
 * <ul>
 *   <li>{@link Known#INTEGRAL_DOUBLE}: {@code 1.0} in an integer field. Draft-04 (core, section 3.5) defines
 *   an integer as a number "without a fraction or exponent part"; the reference applies the later drafts'
 *   "zero fractional part". We refuse it (TypeConstraintViolation).</li>
 *   <li>{@link Known#NO_OFFSET}: a date-time without offset ({@code 2026-11-24T10:00:00}). RFC 3339 (which
 *   draft-04's {@code date-time} names) requires the offset and OCPP needs it to know the instant; the
 *   reference accepts it. We refuse it (PropertyConstraintViolation, the code the handlers' own check
 *   already answered).</li>
 *   <li>{@link Known#INEXACT_MULTIPLE}: {@code 0.30000000000000004} for {@code multipleOf 0.1}. The
 *   reference tolerates a remainder below 1.2e-7; the number as written is not a multiple, so we refuse it.</li>
 *   <li>{@link Known#PORT_NOT_DIGITS}: {@code http://example.com:80a/}. RFC 3986 (section 3.2): after
 *   {@code //} comes the authority, whose port is digits only. The reference's pattern reads it as an empty
 *   authority followed by the path {@code /example.com:80a/}. We refuse it.</li>
 * </ul>
 */
class CompiledSchemaDifferentialTest {
  /** Deliberate differences: the reference accepts, we refuse with this code. */
  enum Known {
    NONE(null), INTEGRAL_DOUBLE(ErrorCode.TypeConstraintViolation),
    NO_OFFSET(ErrorCode.PropertyConstraintViolation), INEXACT_MULTIPLE(ErrorCode.PropertyConstraintViolation),
    PORT_NOT_DIGITS(ErrorCode.PropertyConstraintViolation);

    final ErrorCode ours;

    Known(ErrorCode ours) {
      this.ours = ours;
    }
  }

  record Case(String label, JsonObject payload, Known known) {
  }

  private static final List<String> FILES = new ArrayList<>();

  private static final List<String> GOOD_DATE_TIMES = List.of("2026-11-24T10:15:30Z", "2026-11-24T10:15:30.123Z",
      "2026-11-24T10:15:30+05:30", "2024-02-29T23:59:59-08:00", "2026-11-24t10:15:30z",
      "2026-11-24T10:15:30.123456789+00:00");
  private static final List<String> BAD_DATE_TIMES = List.of("", "yesterday", "2026-11-24", "2026-11-24T10:15Z",
      "2026-11-24 10:15:30Z", "2026-02-30T10:15:30Z", "2025-02-29T10:15:30Z", "2026-13-01T10:15:30Z",
      "2026-11-24T24:00:00Z", "2026-11-24T10:60:00Z", "2026-11-24T10:15:30+0530", "2026-11-24T10:15:30+05",
      "2026-11-24T10:15:30.Z", "2026-11-24T10:15:30ZZ", "26-11-24T10:15:30Z", "2026-11-24T10:15:30+25:00",
      "２０２６-11-24T10:15:30Z");
  private static final List<String> NO_OFFSET_DATE_TIMES = List.of("2026-11-24T10:15:30",
      "2026-11-24T10:15:30.500");
  private static final List<String> GOOD_URIS = List.of("https://example.com/firmware/v2.bin",
      "ftp://user:secret@files.example.com:2121/diag?x=1#part", "urn:isbn:0451450523", "http://[::1]:8080/x",
      "mailto:ops@example.com", "http://192.168.0.1/logs", "http://example.com/a%20b");
  private static final List<String> BAD_URIS = List.of("", "not a uri", "//example.com/relative",
      "/just/a/path", "http://exa mple.com/", "http://example.com/%zz", "1http://example.com", ":nothing",
      "http://example.com/<x>", "http://ex\"ample.com");

  private static SchemaRepository repository;

  @BeforeAll
  static void listSchemas() throws Exception {
    URL dir = CompiledSchemaDifferentialTest.class.getClassLoader().getResource("ocpp16/schemas/core");
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - 5)).sorted().forEach(FILES::add);
    }
    repository = SchemaRepository.create(new JsonSchemaOptions().setDraft(Draft.DRAFT4)
        .setBaseUri("https://csms.io/ocpp16/").setOutputFormat(OutputFormat.Basic));
  }

  @Test
  void everyCoreSchemaCompilesAndAgreesWithTheReference() {
    assertEquals(56, FILES.size(), "the 28 actions' requests and responses");
    int compared = 0;
    int invalid = 0;
    Map<String, Integer> byLabel = new TreeMap<>();
    List<String> disagreements = new ArrayList<>();
    for (String file : FILES) {
      JsonObject raw = SchemaCatalog.raw(file);
      CompiledSchema ours = CompiledSchema.compile(raw);
      repository.dereference(JsonSchema.of(raw));
      Validator reference = repository.validator(raw.getString("id"));
      for (Case c : cases(raw)) {
        // The wire form: what the OCPP verticle validates is always parsed text.
        JsonObject parsed = new JsonObject(c.payload.encode());
        ErrorCode expected = referenceCode(reference.validate(parsed));
        Violation got = ours.check(parsed);
        ErrorCode gotCode = got == null ? null : got.code();
        ErrorCode wanted = c.known == Known.NONE || expected != null ? expected : c.known.ours;
        if (wanted != gotCode) {
          disagreements.add(file + " " + c.label + " " + c.payload.encode() + ": reference " + expected
              + (c.known == Known.NONE ? "" : " (known " + c.known + ")") + ", ours "
              + (got == null ? "valid" : got.code() + " " + got.description()));
        }
        // A payload built in code (nested JsonObject/JsonArray, not maps) gets the same verdict.
        Violation built = ours.check(c.payload);
        assertEquals(gotCode, built == null ? null : built.code(), file + " " + c.label);
        compared++;
        invalid += gotCode == null ? 0 : 1;
        byLabel.merge(c.label.replaceAll("[ @].*", ""), 1, Integer::sum);
      }
    }
    assertEquals(List.of(), disagreements, disagreements.size() + " disagreements");
    assertTrue(compared > 5_000, "compared " + compared);
    assertTrue(invalid > compared / 2, "invalid " + invalid + " of " + compared);
    System.out.printf("compared %d payloads over %d schemas (%d invalid): %s%n", compared, FILES.size(), invalid,
        byLabel);
  }

  @Test
  void violationsCarryTheirKeywordAndJsonPath() {
    CompiledSchema meterValues = CompiledSchema.compile(SchemaCatalog.raw("MeterValues"));
    Violation violation = meterValues.check(new JsonObject("{\"connectorId\":1,\"meterValue\":[{\"timestamp\":"
        + "\"2026-11-24T10:00:00Z\",\"sampledValue\":[{\"value\":\"1\"},{\"value\":\"2\",\"unit\":\"Celcius\"},"
        + "{\"value\":\"3\",\"unit\":\"Kelvin\"}]}]}"));
    assertNotNull(violation);
    assertEquals(ErrorCode.PropertyConstraintViolation, violation.code());
    assertEquals("enum", violation.details().getString("keyword"));
    assertEquals("#/meterValue/0/sampledValue/2/unit", violation.details().getString("instanceLocation"));
    assertTrue(violation.description().startsWith("#/meterValue/0/sampledValue/2/unit: "), violation.description());

    // The most specific class wins over document order: a missing field beats an undeclared one.
    Violation missing = meterValues.check(new JsonObject().put("colour", "red").put("meterValue", new JsonArray()));
    assertEquals(ErrorCode.OccurenceConstraintViolation, missing.code());
    assertEquals("#", missing.details().getString("instanceLocation"));
    assertEquals("payload: Instance does not have required property \"connectorId\"", missing.description());
  }

  @Test
  void aValidPayloadAllocatesNothing() {
    CompiledSchema meterValues = CompiledSchema.compile(SchemaCatalog.raw("MeterValues"));
    JsonObject payload = new JsonObject(meterValuesText(4));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 20_000; i++) {
      assertNull(meterValues.check(payload)); // warm up: let the JIT settle
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 10_000; i++) {
      meterValues.check(payload);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // The measurement itself costs a few dozen bytes; a single object per check would be 160,000.
    assertTrue(allocated < 10_000, allocated + " bytes allocated for 10,000 checks");
  }

  @Test
  void aKeywordOutsideTheSubsetIsRefusedAtLoad() {
    for (String schema : List.of(
        "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/definitions/x\"}}}",
        "{\"type\":\"array\",\"minItems\":1}",
        "{\"type\":\"string\",\"pattern\":\"^a\"}",
        "{\"type\":\"string\",\"format\":\"email\"}",
        "{\"type\":[\"string\",\"null\"]}",
        "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}",
        "{\"type\":\"array\",\"items\":[{\"type\":\"string\"}]}",
        "{\"enum\":[1,2]}",
        "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\"}",
        "{\"type\":\"object\",\"definitions\":{}}")) {
      IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> CompiledSchema.compile(new JsonObject(schema)), schema);
      assertTrue(refused.getMessage().contains("#") || refused.getMessage().contains("draft"),
          refused.getMessage());
    }
  }

  static String meterValuesText(int samples) {
    StringBuilder sampled = new StringBuilder();
    for (int i = 0; i < samples; i++) {
      sampled.append(i == 0 ? "" : ",").append("{\"value\":\"").append(1000 + i)
          .append("\",\"context\":\"Sample.Periodic\",\"measurand\":\"Energy.Active.Import.Register\","
              + "\"unit\":\"Wh\",\"location\":\"Outlet\"}");
    }
    return "{\"connectorId\":1,\"transactionId\":42,\"meterValue\":[{\"timestamp\":\"2026-11-24T10:15:30Z\","
        + "\"sampledValue\":[" + sampled + "]}]}";
  }

  /** The reference's verdict as SchemaCatalog used to map it: null when valid, else the most specific code. */
  private static ErrorCode referenceCode(OutputUnit result) {
    if (Boolean.TRUE.equals(result.getValid())) {
      return null;
    }
    ErrorCode best = ErrorCode.FormationViolation;
    for (OutputUnit error : result.getErrors()) {
      String location = error.getKeywordLocation();
      ErrorCode code = switch (location.substring(location.lastIndexOf('/') + 1)) {
        case "required" -> ErrorCode.OccurenceConstraintViolation;
        case "type" -> ErrorCode.TypeConstraintViolation;
        case "enum", "maxLength", "format", "multipleOf" -> ErrorCode.PropertyConstraintViolation;
        default -> ErrorCode.FormationViolation;
      };
      if (rank(code) < rank(best)) {
        best = code;
      }
    }
    return best;
  }

  private static int rank(ErrorCode code) {
    return switch (code) {
      case OccurenceConstraintViolation -> 0;
      case TypeConstraintViolation -> 1;
      case PropertyConstraintViolation -> 2;
      default -> 3;
    };
  }

  // ---- generation ----

  /** Valid payloads (minimal, full, each enum value in turn) and mutations at every field of the full ones. */
  static List<Case> cases(JsonObject schema) {
    List<Case> cases = new ArrayList<>();
    int variants = Math.max(1, widestEnum(schema));
    cases.add(new Case("valid-minimal", (JsonObject) valid(schema, false, 0), Known.NONE));
    for (int v = 0; v < variants; v++) {
      cases.add(new Case("valid-full", (JsonObject) valid(schema, true, v), Known.NONE));
    }
    for (int v = 0; v < Math.min(variants, 2); v++) {
      JsonObject full = (JsonObject) valid(schema, true, v);
      List<Site> sites = new ArrayList<>();
      sites(schema, full, new ArrayList<>(), sites);
      for (Site site : sites) {
        for (Mutation m : mutations(site.schema, site.parentRequired, site.path)) {
          if (site.path.isEmpty() && !(m.value instanceof JsonObject)) {
            continue; // a CALL payload is always an object: the framing refuses anything else
          }
          JsonObject copy = full.copy();
          if (m.remove) {
            remove(copy, site.path);
          } else {
            copy = (JsonObject) replace(copy, site.path, m.value);
          }
          cases.add(new Case(m.label + " @" + site.path, copy, m.known));
        }
      }
    }
    return cases;
  }

  record Site(List<Object> path, JsonObject schema, boolean parentRequired) {
  }

  record Mutation(String label, Object value, boolean remove, Known known) {
    static Mutation to(String label, Object value) {
      return new Mutation(label, value, false, Known.NONE);
    }
  }

  private static int widestEnum(JsonObject schema) {
    int widest = schema.containsKey("enum") ? schema.getJsonArray("enum").size() : 0;
    JsonObject properties = schema.getJsonObject("properties");
    if (properties != null) {
      for (String name : properties.fieldNames()) {
        widest = Math.max(widest, widestEnum(properties.getJsonObject(name)));
      }
    }
    if (schema.getValue("items") instanceof JsonObject items) {
      widest = Math.max(widest, widestEnum(items));
    }
    return widest;
  }

  /** A valid instance of {@code schema}; {@code variant} picks enum values and string shapes. */
  static Object valid(JsonObject schema, boolean full, int variant) {
    String type = schema.getString("type");
    if (schema.containsKey("enum")) {
      JsonArray values = schema.getJsonArray("enum");
      return values.getValue(variant % values.size());
    }
    switch (type) {
      case "object" -> {
        JsonObject object = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        JsonArray required = schema.getJsonArray("required", new JsonArray());
        for (String name : properties.fieldNames()) {
          if (full || required.contains(name)) {
            object.put(name, valid(properties.getJsonObject(name), full, variant));
          }
        }
        return object;
      }
      case "array" -> {
        JsonArray array = new JsonArray();
        for (int i = 0; i < 2; i++) {
          array.add(valid(schema.getJsonObject("items"), full, variant + i));
        }
        return array;
      }
      case "string" -> {
        String format = schema.getString("format");
        if ("date-time".equals(format)) {
          return GOOD_DATE_TIMES.get(variant % GOOD_DATE_TIMES.size());
        }
        if ("uri".equals(format)) {
          return GOOD_URIS.get(variant % GOOD_URIS.size());
        }
        int max = schema.getInteger("maxLength", 40);
        return switch (variant % 3) {
          case 0 -> "A".repeat(max);
          case 1 -> "é".repeat(max); // two UTF-8 bytes, one character
          default -> "\uD83D\uDD0C".repeat(max); // a plug emoji: one character, two UTF-16 units
        };
      }
      case "integer" -> {
        return variant % 2 == 0 ? 1 : 3_000_000_000L;
      }
      case "number" -> {
        return variant % 2 == 0 ? 16.1 : 32;
      }
      case "boolean" -> {
        return variant % 2 == 0;
      }
      default -> throw new IllegalStateException("type " + type);
    }
  }

  private static void sites(JsonObject schema, Object value, List<Object> path, List<Site> out) {
    if (value instanceof JsonObject object && schema.containsKey("properties")) {
      JsonObject properties = schema.getJsonObject("properties");
      JsonArray required = schema.getJsonArray("required", new JsonArray());
      for (String name : object.fieldNames()) {
        List<Object> child = new ArrayList<>(path);
        child.add(name);
        out.add(new Site(child, properties.getJsonObject(name), required.contains(name)));
        sites(properties.getJsonObject(name), object.getValue(name), child, out);
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        List<Object> child = new ArrayList<>(path);
        child.add(i);
        out.add(new Site(child, schema.getJsonObject("items"), false));
        sites(schema.getJsonObject("items"), array.getValue(i), child, out);
      }
    }
    if (path.isEmpty()) {
      out.add(new Site(List.of(), schema, false));
    }
  }

  private static List<Mutation> mutations(JsonObject schema, boolean required, List<Object> path) {
    List<Mutation> m = new ArrayList<>();
    String type = schema.getString("type");
    if (required) {
      m.add(new Mutation("missing-required", null, true, Known.NONE));
    }
    List<Object> wrong = new ArrayList<>(List.of("text", 7, 2.5, true, new JsonObject(), new JsonArray()));
    wrong.add(null);
    for (Object value : wrong) {
      if (!matches(type, value)) {
        m.add(Mutation.to("wrong-type", value));
      }
    }
    switch (type) {
      case "object" -> {
        m.add(Mutation.to("extra-property", extraProperty(schema)));
        m.add(Mutation.to("empty-object", new JsonObject()));
      }
      case "array" -> {
        m.add(Mutation.to("empty-array", new JsonArray()));
        m.add(Mutation.to("array-of-wrong-items", new JsonArray().add("x").add(1)));
      }
      case "integer" -> {
        m.add(new Mutation("integral-double", 1.0, false, Known.INTEGRAL_DOUBLE));
        m.add(Mutation.to("fraction", 1.5));
        m.add(Mutation.to("negative", -5));
        m.add(Mutation.to("zero", 0));
        m.add(Mutation.to("long", Long.MAX_VALUE));
        m.add(Mutation.to("big-integer", new BigInteger("123456789012345678901234567890")));
        m.add(Mutation.to("numeric-string", "1"));
      }
      case "number" -> {
        m.add(Mutation.to("integer-as-number", 3));
        m.add(Mutation.to("numeric-string", "1.5"));
        if (schema.containsKey("multipleOf")) {
          m.add(Mutation.to("multiple", 0.3));
          m.add(Mutation.to("multiple-large", 12345.6));
          m.add(Mutation.to("not-multiple", 0.15));
          m.add(Mutation.to("not-multiple-large", 7.25));
          m.add(new Mutation("inexact-multiple", 0.1 + 0.2, false, Known.INEXACT_MULTIPLE));
        } else {
          m.add(Mutation.to("fraction", 0.15));
        }
      }
      case "string" -> strings(schema, m);
      default -> {
      }
    }
    return m;
  }

  private static void strings(JsonObject schema, List<Mutation> m) {
    if (schema.containsKey("enum")) {
      String first = schema.getJsonArray("enum").getString(0);
      m.add(Mutation.to("enum-miss", "NotOneOfThem"));
      m.add(Mutation.to("enum-case", first.toUpperCase().equals(first) ? first.toLowerCase() : first.toUpperCase()));
      m.add(Mutation.to("enum-padded", first + " "));
      m.add(Mutation.to("enum-empty", ""));
    }
    if (schema.containsKey("maxLength")) {
      int max = schema.getInteger("maxLength");
      m.add(Mutation.to("max-length", "B".repeat(max)));
      m.add(Mutation.to("over-max-length", "B".repeat(max + 1)));
      m.add(Mutation.to("max-length-multibyte", "ü".repeat(max)));
      m.add(Mutation.to("over-max-length-multibyte", "ü".repeat(max + 1)));
      m.add(Mutation.to("max-length-surrogates", "\uD83D\uDE97".repeat(max)));
      m.add(Mutation.to("over-max-length-surrogates", "\uD83D\uDE97".repeat(max + 1)));
      m.add(Mutation.to("empty-string", ""));
    } else if (!schema.containsKey("enum") && !schema.containsKey("format")) {
      m.add(Mutation.to("long-string", "x".repeat(10_000)));
    }
    if ("date-time".equals(schema.getString("format"))) {
      GOOD_DATE_TIMES.forEach(t -> m.add(Mutation.to("good-date-time", t)));
      BAD_DATE_TIMES.forEach(t -> m.add(Mutation.to("bad-date-time", t)));
      NO_OFFSET_DATE_TIMES.forEach(t -> m.add(new Mutation("no-offset", t, false, Known.NO_OFFSET)));
    }
    if ("uri".equals(schema.getString("format"))) {
      GOOD_URIS.forEach(u -> m.add(Mutation.to("good-uri", u)));
      BAD_URIS.forEach(u -> m.add(Mutation.to("bad-uri", u)));
      m.add(new Mutation("bad-port", "http://example.com:80a/", false, Known.PORT_NOT_DIGITS));
    }
  }

  private static JsonObject extraProperty(JsonObject schema) {
    return ((JsonObject) valid(schema, false, 0)).put("unexpectedField", "surprise");
  }

  private static boolean matches(String type, Object value) {
    return switch (type) {
      case "string" -> value instanceof String;
      case "object" -> value instanceof JsonObject;
      case "array" -> value instanceof JsonArray;
      case "boolean" -> value instanceof Boolean;
      case "integer" -> value instanceof Integer;
      case "number" -> value instanceof Number;
      default -> false;
    };
  }

  private static Object replace(Object root, List<Object> path, Object value) {
    if (path.isEmpty()) {
      return value instanceof JsonObject ? value : root; // the root stays an object (a CALL payload is one)
    }
    Object parent = root;
    for (int i = 0; i < path.size() - 1; i++) {
      parent = step(parent, path.get(i));
    }
    Object last = path.get(path.size() - 1);
    if (parent instanceof JsonObject object) {
      object.put((String) last, value);
    } else {
      ((JsonArray) parent).set((Integer) last, value);
    }
    return root;
  }

  private static void remove(Object root, List<Object> path) {
    Object parent = root;
    for (int i = 0; i < path.size() - 1; i++) {
      parent = step(parent, path.get(i));
    }
    ((JsonObject) parent).remove((String) path.get(path.size() - 1));
  }

  private static Object step(Object container, Object segment) {
    return container instanceof JsonObject object ? object.getValue((String) segment)
        : ((JsonArray) container).getValue((Integer) segment);
  }
}
