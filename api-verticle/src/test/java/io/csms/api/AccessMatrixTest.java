package io.csms.api;

import static io.csms.api.ErrorShape.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.api.auth.AccessGate;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The role matrix, generated from openapi.yaml: every protected operation refuses a request without a
 * token (401) and with a forged one (401); every ADMIN-only operation refuses a USER (403); every USER
 * operation on someone else's {user_id} refuses the USER (403).
 */
class AccessMatrixTest extends ApiSliceTest {
  private static List<Operation> operations;

  @BeforeAll
  static void arrange(Vertx vertx) throws Exception {
    operations = ApiFixture.await(OpenAPIContract.from(vertx, "openapi.yaml")).operations();
  }

  private static String concrete(Operation operation, String userId) {
    return operation.getOpenAPIPath()
        .replace("{user_id}", userId)
        .replace("{charge_point_id}", "CP-404")
        .replaceAll("\\{[a-z_]+}", "1");
  }

  @Test
  void everyProtectedOperationNeedsAValidToken() throws Exception {
    int checked = 0;
    String forged = api.admin().substring(0, api.admin().length() - 4) + "AAAA";
    for (Operation operation : operations) {
      if (AccessGate.isPublic(operation)) {
        continue;
      }
      String path = concrete(operation, "1");
      assertError(api.call(operation.getHttpMethod(), path, null, null), 401, path);
      assertError(api.call(operation.getHttpMethod(), path, forged, null), 401, path);
      checked++;
    }
    assertTrue(checked > 40, "operations checked: " + checked);
  }

  @Test
  void everyAdminOperationRefusesAUser() throws Exception {
    String user = api.token("USER", "matrix-driver");
    int checked = 0;
    for (Operation operation : operations) {
      if (AccessGate.isPublic(operation) || AccessGate.allowedRoles(operation).contains("USER")) {
        continue;
      }
      String path = concrete(operation, "1");
      // Even an invalid body: the role is checked first.
      JsonObject body = operation.getRequestBody() == null ? null : new JsonObject().put("unexpected", true);
      JsonObject error = assertError(api.call(operation.getHttpMethod(), path, user, body), 403, path);
      assertEquals("forbidden", error.getString("error_type"));
      checked++;
    }
    assertTrue(checked > 30, "operations checked: " + checked);
  }

  @Test
  void aUserNeverReachesAnotherUsersData() throws Exception {
    String other = api.token("USER", "matrix-other");
    api.get("/users/my-sessions", other); // creates that user
    String user = api.token("USER", "matrix-driver-2");
    int checked = 0;
    for (Operation operation : operations) {
      if (!operation.getOpenAPIPath().contains("{user_id}") || !AccessGate.allowedRoles(operation).contains("USER")) {
        continue;
      }
      String path = concrete(operation, "999999");
      assertError(api.call(operation.getHttpMethod(), path, user, new JsonObject()), 403, path);
      checked++;
    }
    assertTrue(checked >= 8, "operations checked: " + checked);
  }

  @Test
  void publicOperationsAnswerWithoutAToken() throws Exception {
    assertEquals(200, api.get("/health", null).statusCode());
    assertEquals(200, api.get("/openapi.yaml", null).statusCode());
    assertTrue(api.get("/docs", null).bodyAsString().contains("swagger-ui"));
    assertEquals(200, api.get("/docs/swagger-ui-bundle.js", null).statusCode());
  }
}
