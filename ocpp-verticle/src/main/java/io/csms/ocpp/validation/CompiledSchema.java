package io.csms.ocpp.validation;

import io.csms.ocpp.framing.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A draft-04 JSON schema compiled once into a tree of small checks, for exactly the subset the official
 * OCPP 1.6 schemas use: {@code type} (one name), {@code properties}, {@code required},
 * {@code additionalProperties} (a boolean), {@code enum} (of strings), {@code maxLength},
 * {@code format} ({@code date-time}, {@code uri}), {@code items} (one schema) and {@code multipleOf}.
 * {@link #compile} refuses any other keyword, so a new schema cannot be silently under-validated.
 *
 * <p>{@link #check} allocates nothing for a valid payload (the hot path: every CALL and every answer). For
 * an invalid one it returns the most specific violation (missing field, then wrong type, then wrong value,
 * then undeclared field; the first in document order among equals), mapped to its CALLERROR code.
 *
 * <p>Where this differs from vertx-json-schema, it follows draft-04 and RFC 3339 (see
 * {@code CompiledSchemaDifferentialTest}): an integer is a number written without a fraction or exponent
 * ({@code 1.0} is not one), a date-time needs its offset, {@code multipleOf} is exact decimal arithmetic.
 */
public final class CompiledSchema {
  /** Keywords that only annotate; they never change what is valid. */
  private static final Set<String> ANNOTATIONS = Set.of("$schema", "id", "title", "description");
  private static final String DRAFT4 = "http://json-schema.org/draft-04/schema#";

  private final Node root;

  private CompiledSchema(Node root) {
    this.root = root;
  }

  /**
   * Compiles a draft-04 schema; an {@link IllegalArgumentException} naming the JSON pointer of the first
   * keyword (or keyword value) outside the supported subset.
   */
  public static CompiledSchema compile(JsonObject schema) {
    Object draft = schema.getValue("$schema");
    if (draft != null && !DRAFT4.equals(draft)) {
      throw new IllegalArgumentException("Not a draft-04 schema: " + draft);
    }
    return new CompiledSchema(node(schema, "#"));
  }

  /** Null when {@code payload} is valid; else its most specific violation. */
  public Violation check(JsonObject payload) {
    Failure failure = root.check(payload);
    return failure == null ? null : failure.toViolation();
  }

  private static Node node(JsonObject schema, String pointer) {
    for (String keyword : schema.fieldNames()) {
      if (!ANNOTATIONS.contains(keyword) && !Node.KEYWORDS.contains(keyword)) {
        throw unsupported(pointer + "/" + keyword, "keyword not implemented");
      }
    }
    Node node = new Node();
    node.type = type(schema.getValue("type"), pointer + "/type");
    Object properties = schema.getValue("properties");
    if (properties != null) {
      if (!(properties instanceof JsonObject declared)) {
        throw unsupported(pointer + "/properties", "not an object");
      }
      node.names = new String[declared.size()];
      node.children = new Node[declared.size()];
      int i = 0;
      for (String name : declared.fieldNames()) {
        Object child = declared.getValue(name);
        if (!(child instanceof JsonObject childSchema)) {
          throw unsupported(pointer + "/properties/" + name, "not a schema object");
        }
        node.names[i] = name;
        node.children[i] = node(childSchema, pointer + "/properties/" + escape(name));
        node.byName.put(name, i);
        i++;
      }
    }
    Object required = schema.getValue("required");
    if (required != null) {
      node.required = strings(required, pointer + "/required").toArray(new String[0]);
    }
    Object additional = schema.getValue("additionalProperties");
    if (additional != null) {
      if (!(additional instanceof Boolean allowed)) {
        throw unsupported(pointer + "/additionalProperties", "only true or false is implemented");
      }
      node.additionalAllowed = allowed;
    }
    Object values = schema.getValue("enum");
    if (values != null) {
      node.allowed = new HashSet<>(strings(values, pointer + "/enum"));
      node.enumText = new JsonArray(strings(values, pointer + "/enum")).encode();
    }
    Object maxLength = schema.getValue("maxLength");
    if (maxLength != null) {
      if (!(maxLength instanceof Integer max) || max < 0) {
        throw unsupported(pointer + "/maxLength", "not a non-negative integer");
      }
      node.maxLength = max;
    }
    Object format = schema.getValue("format");
    if (format != null) {
      node.format = switch (String.valueOf(format)) {
        case "date-time" -> Format.DATE_TIME;
        case "uri" -> Format.URI;
        default -> throw unsupported(pointer + "/format", "format " + format + " not implemented");
      };
    }
    Object items = schema.getValue("items");
    if (items != null) {
      if (!(items instanceof JsonObject itemSchema)) {
        throw unsupported(pointer + "/items", "only one schema for all items is implemented");
      }
      node.items = node(itemSchema, pointer + "/items");
    }
    Object multipleOf = schema.getValue("multipleOf");
    if (multipleOf != null) {
      if (!(multipleOf instanceof Number factor) || new BigDecimal(factor.toString()).signum() <= 0) {
        throw unsupported(pointer + "/multipleOf", "not a number above 0");
      }
      node.multipleOf = new BigDecimal(factor.toString());
    }
    return node;
  }

  private static Type type(Object type, String pointer) {
    if (type == null) {
      return null;
    }
    return switch (String.valueOf(type)) {
      case "string" -> Type.STRING;
      case "object" -> Type.OBJECT;
      case "integer" -> Type.INTEGER;
      case "array" -> Type.ARRAY;
      case "number" -> Type.NUMBER;
      case "boolean" -> Type.BOOLEAN;
      // "null", "any" and lists of types do not occur in OCPP 1.6.
      default -> throw unsupported(pointer, "type " + type + " not implemented");
    };
  }

  private static List<String> strings(Object value, String pointer) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw unsupported(pointer, "not a non-empty array");
    }
    List<String> strings = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String text)) {
        throw unsupported(pointer, "only strings are implemented");
      }
      strings.add(text);
    }
    return strings;
  }

  private static IllegalArgumentException unsupported(String pointer, String why) {
    return new IllegalArgumentException("Unsupported schema construct at " + pointer + ": " + why);
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private enum Type {
    STRING("string"), OBJECT("object"), INTEGER("integer"), ARRAY("array"), NUMBER("number"),
    BOOLEAN("boolean");

    final String name;

    Type(String name) {
      this.name = name;
    }
  }

  private enum Format {
    DATE_TIME("date-time"), URI("uri");

    final String name;

    Format(String name) {
      this.name = name;
    }
  }

  /** One schema object: each field is one keyword, null (or its default) when the schema lacks it. */
  private static final class Node {
    static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "additionalProperties",
        "enum", "maxLength", "format", "items", "multipleOf");

    Type type;
    String[] names;
    Node[] children;
    final Map<String, Integer> byName = new HashMap<>();
    String[] required;
    boolean additionalAllowed = true;
    Set<String> allowed;
    String enumText;
    int maxLength = -1;
    Format format;
    Node items;
    BigDecimal multipleOf;

    /** Null when valid; the failure path allocates, the valid path does not. */
    Failure check(Object value) {
      if (value instanceof JsonObject object) {
        value = object.getMap();
      } else if (value instanceof JsonArray array) {
        value = array.getList();
      }
      if (type != null && !hasType(value, type)) {
        return new Failure(ErrorCode.TypeConstraintViolation, "type",
            "Instance type " + typeName(value) + " is invalid. Expected " + type.name);
      }
      if (value instanceof Map<?, ?> map) {
        return checkObject(map);
      }
      if (value instanceof List<?> list) {
        return items == null ? null : checkItems(list);
      }
      if (value instanceof String text) {
        return checkString(text);
      }
      if (value instanceof Number number && multipleOf != null && !isMultiple(number)) {
        return new Failure(ErrorCode.PropertyConstraintViolation, "multipleOf",
            "Instance is not a multiple of " + multipleOf.toPlainString());
      }
      return null;
    }

    private Failure checkObject(Map<?, ?> map) {
      Failure best = null;
      if (required != null) {
        for (String name : required) {
          if (!map.containsKey(name)) {
            best = Failure.better(best, new Failure(ErrorCode.OccurenceConstraintViolation, "required",
                "Instance does not have required property \"" + name + "\""));
          }
        }
      }
      int declaredPresent = 0;
      if (names != null) {
        for (int i = 0; i < names.length; i++) {
          Object child = map.get(names[i]);
          if (child == null && !map.containsKey(names[i])) {
            continue;
          }
          declaredPresent++;
          Failure failure = children[i].check(child);
          if (failure != null) {
            best = Failure.better(best, failure.under(names[i]));
          }
        }
      }
      if (!additionalAllowed && map.size() > declaredPresent) {
        for (Object key : map.keySet()) {
          if (!byName.containsKey(key)) {
            best = Failure.better(best, new Failure(ErrorCode.FormationViolation, "additionalProperties",
                "Property \"" + key + "\" is not allowed").under(String.valueOf(key)));
          }
        }
      }
      return best;
    }

    private Failure checkItems(List<?> list) {
      Failure best = null;
      for (int i = 0, n = list.size(); i < n; i++) {
        Failure failure = items.check(list.get(i));
        if (failure != null) {
          best = Failure.better(best, failure.under(i));
        }
      }
      return best;
    }

    private Failure checkString(String text) {
      if (allowed != null && !allowed.contains(text)) {
        return new Failure(ErrorCode.PropertyConstraintViolation, "enum",
            "Instance does not match any of " + enumText);
      }
      // Length counts characters (code points): a surrogate pair is one.
      if (maxLength >= 0 && text.length() > maxLength && text.codePointCount(0, text.length()) > maxLength) {
        return new Failure(ErrorCode.PropertyConstraintViolation, "maxLength",
            "String is longer than the maximum length of " + maxLength);
      }
      if (format == Format.DATE_TIME && !Rfc3339.isDateTime(text)
          || format == Format.URI && !Rfc3986.isUri(text)) {
        return new Failure(ErrorCode.PropertyConstraintViolation, "format",
            "String does not match format \"" + format.name + "\"");
      }
      return null;
    }

    /** Exact decimal arithmetic: 0.3 is a multiple of 0.1 (binary floating point says otherwise). */
    private boolean isMultiple(Number number) {
      BigDecimal decimal;
      if (number instanceof Integer || number instanceof Long || number instanceof Short
          || number instanceof Byte) {
        decimal = BigDecimal.valueOf(number.longValue());
      } else if (number instanceof BigInteger big) {
        decimal = new BigDecimal(big);
      } else if (number instanceof BigDecimal big) {
        decimal = big;
      } else {
        decimal = new BigDecimal(number.toString());
      }
      return decimal.remainder(multipleOf).signum() == 0;
    }

    private static boolean hasType(Object value, Type type) {
      return switch (type) {
        case STRING -> value instanceof String;
        case OBJECT -> value instanceof Map;
        case ARRAY -> value instanceof List;
        case BOOLEAN -> value instanceof Boolean;
        case NUMBER -> value instanceof Number;
        // Draft-04: an integer is a number without a fraction or exponent part (1.0 is not one).
        case INTEGER -> value instanceof Integer || value instanceof Long || value instanceof BigInteger
            || value instanceof Short || value instanceof Byte;
      };
    }

    private static String typeName(Object value) {
      if (value == null) {
        return "null";
      }
      if (value instanceof Map) {
        return "object";
      }
      if (value instanceof List) {
        return "array";
      }
      if (value instanceof Boolean) {
        return "boolean";
      }
      return value instanceof Number ? "number" : "string";
    }
  }

  /** A violation under construction: the JSON path is gathered while the check unwinds, innermost first. */
  private static final class Failure {
    final ErrorCode code;
    final String keyword;
    final String message;
    final List<Object> reversedPath = new ArrayList<>(4);

    Failure(ErrorCode code, String keyword, String message) {
      this.code = code;
      this.keyword = keyword;
      this.message = message;
    }

    Failure under(Object segment) {
      reversedPath.add(segment);
      return this;
    }

    /** The lower rank wins; among equals the first found (document order). */
    static Failure better(Failure best, Failure candidate) {
      return best == null || rank(candidate.code) < rank(best.code) ? candidate : best;
    }

    private static int rank(ErrorCode code) {
      return switch (code) {
        case OccurenceConstraintViolation -> 0;
        case TypeConstraintViolation -> 1;
        case PropertyConstraintViolation -> 2;
        default -> 3;
      };
    }

    Violation toViolation() {
      StringBuilder location = new StringBuilder("#");
      for (int i = reversedPath.size() - 1; i >= 0; i--) {
        location.append('/').append(escape(String.valueOf(reversedPath.get(i))));
      }
      String where = reversedPath.isEmpty() ? "payload" : location.toString();
      return new Violation(code, where + ": " + message,
          new JsonObject().put("keyword", keyword).put("instanceLocation", location.toString()));
    }
  }
}
