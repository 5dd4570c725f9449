package io.csms.e2e;

import io.csms.api.auth.TokenIssuer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;

/** The management API of a {@link RunningNode} as an ADMIN operator calls it. Blocking: test threads only. */
final class AdminApi {
  private final WebClient client;
  private final String token;

  AdminApi(RunningNode node) {
    this.client = WebClient.create(node.node.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(node.httpPort()));
    this.token = TokenIssuer.issueBlocking(node.node.config(), "ADMIN", "e2e-operator", Duration.ofHours(1));
  }

  /** A call's status and JSON body. */
  record Reply(int status, JsonObject body) {
    JsonObject ok() {
      if (status != 200 && status != 201) {
        throw new AssertionError("expected success, got " + status + " " + body);
      }
      return body;
    }
  }

  Reply post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, body == null ? null : body.toBuffer(), "application/json");
  }

  Reply get(String path) {
    return send(HttpMethod.GET, path, null, null);
  }

  Reply send(HttpMethod method, String path, Buffer body, String contentType) {
    var request = client.request(method, path).bearerTokenAuthentication(token);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    HttpResponse<Buffer> response = Await.result(body == null ? request.send() : request.sendBuffer(body));
    Buffer raw = response.body();
    JsonObject json = raw == null || raw.length() == 0 ? new JsonObject() : raw.toJsonObject();
    return new Reply(response.statusCode(), json);
  }
}
