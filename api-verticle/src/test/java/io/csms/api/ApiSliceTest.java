package io.csms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the test classes that share one default {@link ApiFixture} (persistence + API) per class. */
@ExtendWith(VertxExtension.class)
abstract class ApiSliceTest {
  static ApiFixture api;
  static String admin;

  @BeforeAll
  static void startSlice(Vertx vertx) throws Exception {
    api = ApiFixture.start(vertx, new JsonObject());
    admin = api.admin();
  }

  @AfterAll
  static void stopSlice() {
    api.close();
  }

  /** Asserts the status and returns the JSON body. */
  static JsonObject ok(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }
}
