package io.csms.bus;

/**
 * The bus's camelCase keys beside the snake_case of SQL columns and of the REST API's JSON: one
 * translation, used by the stores (columns to keys) and the API (keys to its JSON and back).
 */
public final class FieldNames {
  private FieldNames() {
  }

  /** {@code charge_point_id} to {@code chargePointId}; a leading underscore is kept. */
  public static String camel(String snake) {
    StringBuilder s = new StringBuilder(snake.length());
    boolean upper = false;
    for (int i = 0; i < snake.length(); i++) {
      char c = snake.charAt(i);
      if (c == '_' && i > 0) {
        upper = true;
      } else {
        s.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return s.toString();
  }

  /** {@code chargePointId} to {@code charge_point_id}. */
  public static String snake(String camel) {
    StringBuilder s = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && camel.charAt(i - 1) != '_') {
          s.append('_');
        }
        s.append(Character.toLowerCase(c));
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }
}
