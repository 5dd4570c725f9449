package io.csms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** Asserts the API's one error format. */
final class ErrorShape {
  private ErrorShape() {
  }

  static JsonObject assertError(HttpResponse<Buffer> response, int status, String path) {
    assertEquals(status, response.statusCode(), () -> "body: " + response.bodyAsString());
    assertTrue(response.getHeader("Content-Type").startsWith("application/json"), response.getHeader("Content-Type"));
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(status, body.getInteger("status_code"));
    assertNotNull(body.getString("detail"));
    assertNotNull(body.getString("error_type"));
    assertNotNull(java.time.Instant.parse(body.getString("timestamp")));
    assertEquals(path, body.getString("path"));
    String text = response.bodyAsString();
    assertTrue(!text.contains("Exception") && !text.contains("\tat "), "leaks internals: " + text);
    return body;
  }
}
